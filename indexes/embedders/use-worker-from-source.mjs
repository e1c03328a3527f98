// Starts a USE worker from Quarry's TypeScript sources (tests and benches run
// under vitest or tsx, whose loaders a worker thread does not inherit):
// registers tsx in this thread, then imports the module the pool named.
// From dist/ the pool starts the compiled use-worker.js directly.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.sourceEntry)

// bench/index/onnx-threads.ts's worker: USE-lite on onnxruntime with one
// thread, in its own worker thread (tsx registered here: a worker does not
// inherit the parent's loaders). Answers { id, texts } with { id, vectors }.
import { parentPort, workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const { loadUseOnnxRunner } = await import('../../indexes/index.js')
const runner = await loadUseOnnxRunner({ threads: workerData.threads })
parentPort.on('message', ({ id, texts }) => {
  runner.embed(texts).then(vectors => parentPort.postMessage({ id, vectors }), err => parentPort.postMessage({ id, error: String(err) }))
})
parentPort.postMessage({ ready: true })

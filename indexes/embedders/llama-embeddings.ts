import { basename } from 'node:path'
import { EmbedderLoadError, InvalidEmbedderError } from './errors.js'
import { l2Normalize } from './l2-normalize.js'
import type { LoadableEmbedder } from './loadable-embedder.js'
import type { AbortOptions } from '@libp2p/interface'
import type { LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp'

/** Where a GGUF embedder runs */
export type LlamaDevice = 'auto' | 'gpu' | 'cpu'

/** Options for {@link createLlamaEmbeddings} */
export interface LlamaEmbeddingsOptions {
  /** Path of a GGUF embedding model (BERT-style: bert, nomic-bert, …) */
  modelPath: string
  /**
   * `auto` and `gpu` use a GPU (CUDA, Vulkan or Metal, through node-llama-cpp's
   * prebuilt binaries) when one is present and otherwise fall back to the CPU
   * with a message through `onWarning`; `cpu` never uses one.
   *
   * @default 'auto'
   */
  device?: LlamaDevice
  /** Longest input in tokens (longer texts are cut). @default the model's training context, at most 512 */
  contextSize?: number
  /** CPU threads. @default node-llama-cpp's default */
  threads?: number
  /** Non-fatal messages, e.g. the GPU → CPU fallback */
  onWarning?: (message: string) => void
}

/** What a loaded GGUF embedder runs on, for messages and benchmarks */
export interface LlamaEmbedderInfo {
  /** `cuda`, `vulkan`, `metal`, or false for the CPU */
  gpu: string | false
  /** GPU device names, when on a GPU */
  devices: string[]
}

interface Loaded { model: LlamaModel, context: LlamaEmbeddingContext, info: LlamaEmbedderInfo, maxTokens: number }

/**
 * An embedder that runs a GGUF embedding model in-process with
 * node-llama-cpp (offline), on a GPU when there is one. One text at a time
 * goes through llama.cpp (it batches the tokens of a text); vectors are
 * L2-normalised. id: `llama:<file name>`; `dimensions` is known after
 * `init()` (the model's embedding length).
 *
 * @example
 * ```ts
 * const embedder = await createLlamaEmbeddings({ modelPath: 'models/nomic-embed-text-v1.5.Q8_0.gguf' }).init()
 * ```
 */
export function createLlamaEmbeddings (options: LlamaEmbeddingsOptions): LoadableEmbedder & { info(): Promise<LlamaEmbedderInfo>, dispose(): Promise<void> } {
  if (options.modelPath.trim() === '') throw new InvalidEmbedderError('createLlamaEmbeddings needs a GGUF file')
  const device = options.device ?? 'auto'
  let loading: Promise<Loaded> | undefined
  let dimensions: number | undefined

  const load = async (): Promise<Loaded> => {
    loading ??= (async () => {
      const { getLlama, LlamaLogLevel } = await import('node-llama-cpp')
      const llama = await getLlama({ gpu: device === 'cpu' ? false : 'auto', logLevel: LlamaLogLevel.error, progressLogs: false })
      if (device !== 'cpu' && llama.gpu === false) {
        options.onWarning?.('no GPU found (node-llama-cpp found no CUDA, Vulkan or Metal device): embedding on the CPU instead')
      }
      const model = await llama.loadModel({ modelPath: options.modelPath, ...(llama.gpu === false ? { gpuLayers: 0 } : {}) })
      const maxTokens = options.contextSize ?? Math.min(512, model.trainContextSize)
      const context = await model.createEmbeddingContext({ contextSize: maxTokens, batchSize: maxTokens, ...(options.threads == null ? {} : { threads: options.threads }) })
      dimensions = model.embeddingVectorSize
      const devices = llama.gpu === false ? [] : await llama.getGpuDeviceNames()
      return { model, context, info: { gpu: llama.gpu, devices }, maxTokens }
    })().catch((err: unknown) => {
      loading = undefined
      throw new EmbedderLoadError(`Could not load the GGUF embedding model ${options.modelPath}: ${(err as Error).message}`, { cause: err })
    })
    return loading
  }

  const embedOne = async (text: string): Promise<number[]> => {
    const { model, context, maxTokens } = await load()
    const tokens = model.tokenize(text === '' ? ' ' : text)
    const embedding = await context.getEmbeddingFor(tokens.length > maxTokens ? tokens.slice(0, maxTokens) : tokens)
    return l2Normalize(embedding.vector)
  }

  const embedder = {
    id: `llama:${basename(options.modelPath)}`,
    get dimensions (): number {
      if (dimensions === undefined) throw new EmbedderLoadError(`Dimensions of ${options.modelPath} are not known until init()`)
      return dimensions
    },
    async init (opts: AbortOptions = {}) {
      opts.signal?.throwIfAborted()
      await load()
      return this
    },
    async info () {
      return (await load()).info
    },
    async embedDocuments (texts: string[], opts: AbortOptions = {}): Promise<number[][]> {
      const out: number[][] = []
      for (const text of texts) {
        opts.signal?.throwIfAborted()
        out.push(await embedOne(text))
      }
      return out
    },
    async embedQuery (text: string, opts: AbortOptions = {}): Promise<number[]> {
      opts.signal?.throwIfAborted()
      return embedOne(text)
    },
    async dispose () {
      const current = loading
      loading = undefined
      const loaded = await current?.catch(() => undefined)
      await loaded?.context.dispose()
      await loaded?.model.dispose()
    }
  }
  return embedder
}

import { existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import path from 'node:path'
import { EmbedderLoadError, InvalidEmbedderError } from './errors.js'
import { l2Normalize } from './l2-normalize.js'
import type { LoadableEmbedder } from './loadable-embedder.js'
import type { DataType, FeatureExtractionPipeline } from '@huggingface/transformers'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link createTransformersEmbeddings} */
export interface TransformersEmbeddingsOptions {
  /** A Hugging Face hub id (e.g. `Xenova/all-MiniLM-L6-v2`) or a local model folder (`config.json`, `tokenizer.json`, `onnx/model.onnx`) */
  model: string
  /**
   * Where to run. `cuda` falls back to `cpu` with a warning through
   * `onWarning` when onnxruntime has no CUDA provider.
   *
   * @default 'cpu'
   */
  device?: 'cpu' | 'cuda'
  /**
   * How token vectors become one text vector
   *
   * @default 'mean'
   */
  pooling?: 'mean' | 'cls'
  /**
   * ONNX weights variant (`fp32` → `model.onnx`, `q8` → `model_quantized.onnx`, …)
   *
   * @default 'fp32'
   */
  dtype?: DataType
  /**
   * Texts per model call
   *
   * @default 32
   */
  batchSize?: number
  /** Folder holding hub-id-named model folders; sets the process-wide `env.localModelPath` of transformers.js */
  localModelPath?: string
  /**
   * Allow downloading from the hub. When false, only local files are read
   * (`local_files_only`), so nothing touches the network.
   *
   * @default false
   */
  allowRemoteModels?: boolean
  /** Receives non-fatal warnings (e.g. the CUDA → CPU fallback) */
  onWarning?: (message: string) => void
}

const pipelines = new Map<string, Promise<FeatureExtractionPipeline>>()

/**
 * An embedder backed by `@huggingface/transformers` (ONNX Runtime for Node)
 * `pipeline('feature-extraction')` with mean or CLS pooling and
 * `normalize: true`. Pipelines are loaded lazily and shared by instances with
 * the same model/device/dtype. id: `transformers:<model>`.
 *
 * `dimensions` is the length of the vectors the model produces, learned from
 * one probe embedding during `await embedder.init()` (or from the first
 * embedding); reading it earlier throws `EmbedderLoadError`.
 *
 * @example
 * ```ts
 * const embedder = await createTransformersEmbeddings({ model: '/models/all-MiniLM-L6-v2' }).init()
 * const v = await embedder.embedQuery('storage deals') // 384 numbers, unit length
 * ```
 */
export function createTransformersEmbeddings (options: TransformersEmbeddingsOptions): LoadableEmbedder {
  if (options.model.trim() === '') {
    throw new InvalidEmbedderError('createTransformersEmbeddings needs a model id or folder')
  }
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 32))
  const pooling = options.pooling ?? 'mean'
  let dimensions: number | undefined
  let loading: Promise<FeatureExtractionPipeline> | undefined

  async function embedBatch (texts: string[]): Promise<number[][]> {
    loading ??= loadPipeline(options).catch((err: unknown) => {
      loading = undefined
      throw err
    })
    const extractor = await loading
    const output = await extractor(texts, { pooling, normalize: true })
    const [rows, dims] = output.dims
    if (output.dims.length !== 2 || rows !== texts.length || dims === undefined || dims === 0) {
      throw new EmbedderLoadError(`${options.model} produced a tensor of shape [${output.dims.join(', ')}] for ${texts.length} texts`)
    }
    dimensions ??= dims
    const data = output.data as Float32Array
    const out: number[][] = []
    for (let r = 0; r < rows; r++) {
      out.push(l2Normalize(data.subarray(r * dims, (r + 1) * dims)))
    }
    return out
  }

  const embedder: LoadableEmbedder = {
    id: `transformers:${options.model}`,

    get dimensions (): number {
      if (dimensions === undefined) {
        throw new EmbedderLoadError(`Dimensions of ${options.model} are not known until init() or the first embedding`)
      }
      return dimensions
    },

    async init (opts: AbortOptions = {}) {
      opts.signal?.throwIfAborted()
      if (dimensions === undefined) {
        await embedBatch(['dimension probe'])
      }
      return this
    },

    async embedDocuments (texts: string[], opts: AbortOptions = {}): Promise<number[][]> {
      const out: number[][] = []
      for (let start = 0; start < texts.length; start += batchSize) {
        opts.signal?.throwIfAborted()
        out.push(...await embedBatch(texts.slice(start, start + batchSize)))
      }
      return out
    },

    async embedQuery (text: string, opts: AbortOptions = {}): Promise<number[]> {
      opts.signal?.throwIfAborted()
      const [vector] = await embedBatch([text])
      if (vector === undefined) {
        throw new EmbedderLoadError(`${options.model} returned no vector`)
      }
      return vector
    }
  }
  return embedder
}

/** A path-like model name that exists on disk is a local folder; pass it to transformers.js as an absolute path */
function resolveModel (model: string): string {
  if (model === '~' || model.startsWith('~/')) {
    return path.join(homedir(), model.slice(1))
  }
  const pathLike = path.isAbsolute(model) || model.startsWith('./') || model.startsWith('../')
  if (pathLike || (existsSync(model) && statSync(model).isDirectory())) {
    return path.resolve(model)
  }
  return model
}

async function loadPipeline (options: TransformersEmbeddingsOptions): Promise<FeatureExtractionPipeline> {
  const model = resolveModel(options.model)
  const dtype = options.dtype ?? 'fp32'
  const allowRemote = options.allowRemoteModels ?? false
  let device = options.device ?? 'cpu'
  if (device === 'cuda' && !cudaProviderPresent()) {
    options.onWarning?.('onnxruntime-node has no CUDA execution provider installed; embedding on the CPU instead')
    device = 'cpu'
  }
  const key = JSON.stringify([model, device, dtype, allowRemote, options.localModelPath ?? null])
  let pending = pipelines.get(key)
  if (pending === undefined) {
    pending = (async () => {
      const { pipeline, env } = await import('@huggingface/transformers')
      if (options.localModelPath !== undefined) {
        env.localModelPath = options.localModelPath
      }
      if (allowRemote) {
        env.allowRemoteModels = true
      }
      const load = async (dev: 'cpu' | 'cuda'): Promise<FeatureExtractionPipeline> =>
        await pipeline('feature-extraction', model, { device: dev, dtype, local_files_only: !allowRemote })
      try {
        return await load(device)
      } catch (err) {
        if (device !== 'cuda') {
          throw err
        }
        options.onWarning?.(`Could not start ${options.model} on CUDA (${(err as Error).message}); embedding on the CPU instead`)
        return await load('cpu')
      }
    })().catch((err: unknown) => {
      pipelines.delete(key)
      throw new EmbedderLoadError(`Could not load transformers model ${options.model}: ${(err as Error).message}`, { cause: err })
    })
    pipelines.set(key, pending)
  }
  return pending
}

/**
 * Whether the onnxruntime-node that transformers.js uses ships the CUDA
 * provider library (it is an optional download, absent by default). When the
 * package cannot be located we answer true and let session creation decide.
 */
function cudaProviderPresent (): boolean {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return false
  }
  let binDir: string
  try {
    const require = createRequire(import.meta.url)
    const transformers = require.resolve('@huggingface/transformers')
    const ortPackage = createRequire(transformers).resolve('onnxruntime-node/package.json')
    binDir = path.join(path.dirname(ortPackage), 'bin', 'napi-v6', process.platform, process.arch)
  } catch {
    return true
  }
  return existsSync(path.join(binDir, 'libonnxruntime_providers_cuda.so'))
}

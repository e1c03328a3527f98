import { InvalidEmbedderError } from './errors.js'
import type { EmbeddingCache } from './embedding-cache.js'

/** Options for {@link createMemoryEmbeddingCache} */
export interface MemoryEmbeddingCacheOptions {
  /** Tie the cache to one embedder id (checked by `embedTexts`) */
  embedderId?: string
  /** When set, vectors of another length are refused */
  dimensions?: number
}

/**
 * An in-process {@link EmbeddingCache}: a Map from CID string to vector.
 * `flush()` and `close()` do nothing.
 */
export function createMemoryEmbeddingCache (options: MemoryEmbeddingCacheOptions = {}): EmbeddingCache {
  const vectors = new Map<string, Float32Array>()
  return {
    ...(options.embedderId === undefined ? {} : { embedderId: options.embedderId }),
    get size () { return vectors.size },
    get: cid => vectors.get(cid),
    has: cid => vectors.has(cid),
    set (cid, vector) {
      if (options.dimensions !== undefined && vector.length !== options.dimensions) {
        throw new InvalidEmbedderError(`Vector for ${cid} has ${vector.length} dimensions, the cache holds ${options.dimensions}`)
      }
      vectors.set(cid, Float32Array.from(vector))
    },
    async flush () {},
    async close () {}
  }
}

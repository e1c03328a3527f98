import { embeddingKey } from './embedding-key.js'
import { embeddingText } from './chunking/embedding-text.js'
import { embedTexts } from './embedders/embed-chunks.js'
import { openEmbeddingCache } from './embedders/embedding-cache.js'
import { createMemoryEmbeddingCache } from './embedders/memory-embedding-cache.js'
import { InvalidIndexError } from './errors.js'
import { manifestEmbedder } from './store/index-manifest.js'
import { isVectorIndex } from './search/hnsw-index.js'
import { rebuildInIdOrder } from './search/rebuild-in-id-order.js'
import type { EmbedBatchProgress } from './embedder.js'
import type { QuarryIndex } from './search/quarry-index.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link embedRemaining} */
export interface EmbedRemainingOptions extends AbortOptions {
  /** Chunks per batch; each batch is searchable as soon as it is embedded. @default 64 */
  batchSize?: number
  /** Embedding cache folder (vectors are read from and written to it). @default in-memory only */
  cacheDir?: string
  /** After every batch; `done`/`total` count the index's chunks */
  onProgress?(event: EmbedBatchProgress): void
}

/**
 * Progressive indexing: give every chunk of an open index that has no vector
 * one, in chunk-id order, a batch at a time. Cached vectors are taken first;
 * each batch goes into the index as soon as it is embedded, so searches
 * running meanwhile use it. When all chunks have vectors the HNSW graph is
 * rebuilt in chunk-id order, the order a full build inserts in, so the
 * finished index has the same bytes as `buildIndex` would give.
 * Resolves with the number of chunks embedded (not counting cache hits).
 */
export async function embedRemaining (index: QuarryIndex, options: EmbedRemainingOptions = {}): Promise<number> {
  const { embedder, chunks } = index
  const total = chunks.length
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 64))
  const vectors = index.vectors
  if (!isVectorIndex(vectors)) throw new InvalidIndexError('An index whose vectors live in Postgres is not embedded progressively: build it in full, then copy it to the store')
  const have = new Set(vectors.ids())
  const missing = chunks.flatMap((_, id) => have.has(id) ? [] : [id])
  if (missing.length === 0) return 0
  // one index never mixes vectors computed two ways (e.g. USE on onnxruntime and on TensorFlow.js); an
  // older manifest does not say how its vectors were computed
  const computes = manifestEmbedder(embedder)
  const recorded = index.manifest.embedder.vectors
  if (have.size === 0) {
    index.manifest.embedder = computes
  } else if (recorded !== undefined && recorded !== (computes.vectors ?? embedder.id)) {
    throw new InvalidIndexError(`This index's vectors were computed as ${recorded} and this embedder computes ${computes.vectors ?? embedder.id}: embedding the rest would mix the two; rebuild the index or embed with what made it (for USE, QUARRY_USE_RUNTIME picks onnx or wasm)`)
  }
  const items = missing.map(id => {
    const chunk = chunks[id]
    if (chunk == null) throw new RangeError(`No chunk ${id}`)
    const text = embeddingText(chunk)
    return { id, key: embeddingKey(chunk, text), text }
  })
  const cache = options.cacheDir == null
    ? createMemoryEmbeddingCache()
    : await openEmbeddingCache({ dir: options.cacheDir, embedderId: embedder.cacheId ?? embedder.id, dimensions: embedder.dimensions })
  let computed = 0
  try {
    const cached = items.filter(i => cache.has(i.key))
    for (let start = 0; start < cached.length; start += 1000) {
      options.signal?.throwIfAborted()
      const part = cached.slice(start, start + 1000)
      index.addEmbeddings(part.map(i => i.id), part.map(i => Array.from(cache.get(i.key) ?? [])))
    }
    if (cached.length > 0) options.onProgress?.({ type: 'indexes:embed:batch', done: index.embedded, total })
    const rest = items.filter(i => !cache.has(i.key))
    for (let start = 0; start < rest.length; start += batchSize) {
      options.signal?.throwIfAborted()
      const batch = rest.slice(start, start + batchSize)
      const { vectors } = await embedTexts(embedder, batch, { cache, signal: options.signal })
      index.addEmbeddings(batch.map(i => i.id), vectors)
      computed += batch.length
      options.onProgress?.({ type: 'indexes:embed:batch', done: index.embedded, total })
    }
  } finally {
    await cache.close()
  }
  index.replaceVectors(rebuildInIdOrder(vectors, total, options))
  return computed
}

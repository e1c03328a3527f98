import { EmbedderRequestError, InvalidEmbedderError } from './errors.js'
import type { EmbeddingCache } from './embedding-cache.js'
import type { EmbedBatchProgress, Embedder } from '../embedder.js'
import type { AbortOptions } from '@libp2p/interface'

/** One text to embed, with its cache key (a chunk CID string) */
export interface EmbedItem {
  /** Cache key, normally the chunk's CID string */
  key: string
  /** The text to embed */
  text: string
}

/** Options for {@link embedTexts} */
export interface EmbedTextsOptions extends AbortOptions {
  /** Cached vectors are reused and new ones are written (and flushed after every batch) */
  cache?: EmbeddingCache
  /**
   * Texts per `embedDocuments` call
   *
   * @default 64
   */
  batchSize?: number
  /**
   * Batches sent to the embedder at once. With more than one, the embedder
   * always has the next batch queued (a pool of worker threads never waits for
   * the slowest worker of the previous batch). Batches are still written to
   * the cache and reported in order.
   *
   * @default 1
   */
  concurrency?: number
  /** Called after every batch (and once when everything came from the cache) */
  onProgress?: (event: EmbedBatchProgress) => void
}

/** What {@link embedTexts} produced */
export interface EmbedTextsResult {
  /** One vector per item, in item order */
  vectors: number[][]
  /** Items answered from the cache */
  reused: number
  /** Texts sent to the embedder (items sharing a key are embedded once) */
  embedded: number
}

/**
 * Embed many keyed texts: look each key up in the cache, embed only the
 * misses in batches, write each batch to the cache and flush it (so a killed
 * build keeps its progress), and report `indexes:embed:batch` progress where
 * `done`/`total` count items. Abort is honoured between batches.
 *
 * @example
 * ```ts
 * const cache = await openEmbeddingCache({ dir, embedderId: embedder.cacheId ?? embedder.id, dimensions: embedder.dimensions })
 * const { vectors, reused } = await embedTexts(embedder, chunks.map(c => ({ key: c.cid.toString(), text: c.text })), { cache })
 * ```
 */
export async function embedTexts (embedder: Embedder, items: EmbedItem[], options: EmbedTextsOptions = {}): Promise<EmbedTextsResult> {
  const { cache, signal, onProgress } = options
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 64))
  if (cache?.embedderId !== undefined && cache.embedderId !== (embedder.cacheId ?? embedder.id)) {
    throw new InvalidEmbedderError(`Embedding cache belongs to ${cache.embedderId}, not ${embedder.cacheId ?? embedder.id}`)
  }
  signal?.throwIfAborted()

  const found = new Map<string, ArrayLike<number>>()
  const itemsPerKey = new Map<string, number>()
  const missing: EmbedItem[] = []
  let reused = 0
  for (const item of items) {
    const seen = itemsPerKey.get(item.key) ?? 0
    itemsPerKey.set(item.key, seen + 1)
    const cached = found.get(item.key) ?? cache?.get(item.key)
    if (cached !== undefined) {
      found.set(item.key, cached)
      reused++
    } else if (seen === 0) {
      missing.push(item)
    }
  }
  const total = items.length
  let done = reused
  // batches of similar lengths: a model pads a batch to its longest text, so mixing a
  // 50-character chunk with a 1,000-character one wastes most of the short one's work; an
  // embedder that knows better says how (USE: by token count, so a batch is one model call
  // group instead of many part-filled ones) (stable sort: the same items give the same batches on every run)
  const keys = new Map(missing.map(item => [item, embedder.batchKey?.(item.text) ?? item.text.length]))
  missing.sort((a, b) => (keys.get(a) ?? 0) - (keys.get(b) ?? 0))

  // up to `concurrency` batches are embedding at once; each is written to the cache and reported in
  // batch order, and a batch that finishes after an abort is dropped, so an aborted build keeps exactly
  // the batches it reported
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1))
  const inFlight: Array<{ batch: EmbedItem[], vectors: Promise<number[][]> }> = []
  let next = 0
  const fill = (): void => {
    while (inFlight.length < concurrency && next < missing.length && signal?.aborted !== true) {
      const batch = missing.slice(next, next + batchSize)
      next += batchSize
      const vectors = embedder.embedDocuments(batch.map(i => i.text), { signal })
      vectors.catch(() => {}) // awaited below, in order; a later batch may fail while an earlier one is awaited
      inFlight.push({ batch, vectors })
    }
  }
  signal?.throwIfAborted()
  fill()
  for (let job = inFlight.shift(); job !== undefined; job = inFlight.shift()) {
    const { batch } = job
    const vectors = await job.vectors
    signal?.throwIfAborted()
    fill()
    if (vectors.length !== batch.length) {
      throw new EmbedderRequestError(`${embedder.id} returned ${vectors.length} vectors for ${batch.length} texts`)
    }
    batch.forEach((item, i) => {
      const vector = vectors[i] ?? []
      found.set(item.key, vector)
      cache?.set(item.key, vector)
      done += itemsPerKey.get(item.key) ?? 1
    })
    await cache?.flush()
    onProgress?.({ type: 'indexes:embed:batch', done, total })
  }
  if (missing.length === 0 && total > 0) {
    onProgress?.({ type: 'indexes:embed:batch', done: total, total })
  }

  const vectors = items.map(item => Array.from(found.get(item.key) ?? []))
  return { vectors, reused, embedded: missing.length }
}

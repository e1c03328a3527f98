import type { Embedder } from '../embedder.js'
import type { AbortOptions } from '@libp2p/interface'

/** An {@link Embedder} that can be handed its queries ahead of time (see {@link queriesAhead}) */
export interface QueriesAheadEmbedder extends Embedder {
  /**
   * Embed these queries now, together, when the embedder can
   * ({@link Embedder.embedQueries}); `embedQuery` then answers them from memory
   */
  prefetch(queries: string[], options?: AbortOptions): Promise<void>
}

/**
 * Wrap an embedder so that a known set of queries (fusion calibration's
 * pseudo-queries) is embedded in one call instead of one call per query: with
 * the Universal Sentence Encoder, 100 short queries take a few model calls
 * instead of 100, each of which sends a lone text twice. The vectors are the
 * ones `embedQuery` gives ({@link Embedder.embedQueries} promises it); an
 * embedder without `embedQueries` is used as it is.
 */
export function queriesAhead (embedder: Embedder): QueriesAheadEmbedder {
  const known = new Map<string, number[]>()
  return {
    id: embedder.id,
    get dimensions () { return embedder.dimensions },
    ...(embedder.cacheId !== undefined ? { cacheId: embedder.cacheId } : {}),
    embedDocuments: async (texts, options) => embedder.embedDocuments(texts, options),
    embedQuery: async (text, options) => known.get(text) ?? embedder.embedQuery(text, options),
    async prefetch (queries, options) {
      if (embedder.embedQueries === undefined) return
      const todo = [...new Set(queries)].filter(q => !known.has(q))
      const vectors = await embedder.embedQueries(todo, options)
      todo.forEach((q, i) => { const v = vectors[i]; if (v !== undefined) known.set(q, v) })
    }
  }
}

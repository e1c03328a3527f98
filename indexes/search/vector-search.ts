import type { AbortOptions } from '@libp2p/interface'

/** One dense hit: a chunk id (its position in the index) and its cosine similarity */
export interface VectorHit {
  id: number
  score: number
}

/**
 * The two things retrieval needs from a dense vector store: the `k` nearest
 * chunk ids to a query vector, best first, scored by cosine similarity. The
 * in-process HNSW index answers synchronously; a database-backed store
 * (Postgres + pgvector) answers asynchronously. Fusion and ranking stay in
 * {@link createQuarryIndex}, so every store gives the same kind of results.
 */
export interface VectorSearch {
  /** Number of stored vectors */
  readonly size: number
  search(vector: number[], k: number, options?: AbortOptions): VectorHit[] | Promise<VectorHit[]>
  /**
   * Exact cosine similarity of `vector` to each stored vector in `ids`
   * (undefined for an id with no vector), in the order of `ids`: hybrid
   * fusion scores lexical-only candidates on the dense side with it
   */
  similarity(vector: number[], ids: readonly number[]): Array<number | undefined> | Promise<Array<number | undefined>>
}

import type { AbortOptions } from '@libp2p/interface'

/** Progress event emitted while embedding batches */
export interface EmbedBatchProgress {
  type: 'indexes:embed:batch'
  done: number
  total: number
}

/**
 * A text embedder. Structurally compatible with LangChain's
 * `EmbeddingsInterface` (`embedDocuments`, `embedQuery`), plus the identity
 * that gets recorded in an index manifest.
 */
export interface Embedder {
  /** Stable id recorded in manifests and cache keys, e.g. `use:universal-sentence-encoder-lite` */
  readonly id: string
  /** Vector length */
  readonly dimensions: number
  /**
   * The id the embedding cache files this embedder's vectors under, when it is not {@link Embedder.id}: set when
   * how vectors are computed changes at the last bit while the model (and so the manifest's id) stays, so vectors
   * computed the old way are not reused. @default the embedder's id
   */
  readonly cacheId?: string
  /**
   * A number for a text such that texts with equal numbers batch well together
   * (the Universal Sentence Encoder: the tokens its model reads). Callers that
   * embed many texts sort by it before batching. @default the text's length
   */
  batchKey?(text: string): number
  /** Embed many texts (the embedder batches internally). Vectors are L2-normalised. */
  embedDocuments(texts: string[], options?: AbortOptions): Promise<number[][]>
  /** Embed one query */
  embedQuery(text: string, options?: AbortOptions): Promise<number[]>
  /**
   * Embed several queries at once, each to the vector {@link Embedder.embedQuery}
   * gives it (an embedder whose batched vectors could differ leaves this out)
   */
  embedQueries?(texts: string[], options?: AbortOptions): Promise<number[][]>
}

/** An embedder's dimensions, or undefined while it cannot tell (one that learns them from its first vector) */
export function knownDimensions (embedder: Pick<Embedder, 'dimensions'>): number | undefined {
  try {
    return embedder.dimensions > 0 ? embedder.dimensions : undefined
  } catch {
    return undefined
  }
}

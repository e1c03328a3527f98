import type { Embedder } from '../embedder.js'
import type { AbortOptions } from '@libp2p/interface'

/**
 * An {@link Embedder} whose model loads lazily. `init()` loads the model (and,
 * for embedders whose vector length is only known from the model's output,
 * runs one probe embedding) so that `dimensions` can be read afterwards.
 * Calling `embedDocuments`/`embedQuery` also loads it on first use.
 * `init()` is idempotent and cheap after the first call.
 */
export interface LoadableEmbedder extends Embedder {
  /** Load the model / learn the dimensions. Resolves to the embedder itself. */
  init(options?: AbortOptions): Promise<this>
}

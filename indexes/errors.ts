/**
 * Errors thrown by the indexes module. Callers should check `err.name` (or
 * `err.code`), not `instanceof`.
 *
 * @packageDocumentation
 */

/** An index file (chunk store, lexical index, vector index, manifest) is malformed */
export class InvalidIndexError extends Error {
  static override name = 'InvalidIndexError'
  override name = 'InvalidIndexError'
  /** Stable error code */
  code = 'ERR_INVALID_INDEX'

  constructor (message = 'Invalid index', options?: ErrorOptions) {
    super(message, options)
  }
}

/** The embedder used for a query differs from the one the index was built with */
export class EmbedderMismatchError extends Error {
  static override name = 'EmbedderMismatchError'
  override name = 'EmbedderMismatchError'
  /** Stable error code */
  code = 'ERR_EMBEDDER_MISMATCH'

  constructor (message = 'Embedder does not match the index', options?: ErrorOptions) {
    super(message, options)
  }
}

/** No index exists where one was expected */
export class IndexNotFoundError extends Error {
  static override name = 'IndexNotFoundError'
  override name = 'IndexNotFoundError'
  /** Stable error code */
  code = 'ERR_INDEX_NOT_FOUND'

  constructor (message = 'Index not found', options?: ErrorOptions) {
    super(message, options)
  }
}

/** A vector's length differs from the index's dimensions */
export class DimensionMismatchError extends Error {
  static override name = 'DimensionMismatchError'
  override name = 'DimensionMismatchError'
  /** Stable error code */
  code = 'ERR_DIMENSION_MISMATCH'

  constructor (message = 'Vector dimensions do not match the index', options?: ErrorOptions) {
    super(message, options)
  }
}

/**
 * Errors thrown by the tools. Callers check `err.name` (stable), not
 * `instanceof`; `code` is a stable machine-readable string.
 *
 * @packageDocumentation
 */

/** A CID names content the tools cannot return as text (a binary file, say) */
export class UnsupportedContentError extends Error {
  static override name = 'UnsupportedContentError'
  override name = 'UnsupportedContentError'
  code = 'ERR_UNSUPPORTED_CONTENT'
}

/** A CID is neither in the local blockstore nor a chunk of an index this node has */
export class CidNotFoundError extends Error {
  static override name = 'CidNotFoundError'
  override name = 'CidNotFoundError'
  code = 'ERR_CID_NOT_FOUND'
}

/**
 * Errors thrown by the MCP server layer. Callers check `err.name` (stable),
 * not `instanceof`; `code` is a stable machine-readable string.
 *
 * @packageDocumentation
 */

/** Streamable HTTP was asked for without a bearer token (or with an unusable one) */
export class MissingTokenError extends Error {
  static override name = 'MissingTokenError'
  override name = 'MissingTokenError'
  code = 'ERR_MISSING_TOKEN'
}

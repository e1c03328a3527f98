/**
 * Errors thrown by the MCP server layer. Callers check `err.name` (stable),
 * not `instanceof`; `code` is a stable machine-readable string. A missing
 * bearer token is a settings error, defined by the session layer.
 *
 * @packageDocumentation
 */

export { MissingTokenError } from '../session/index.js'

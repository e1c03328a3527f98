/**
 * Errors thrown by the session layer (settings and composition). Callers
 * check `err.name` (stable), not `instanceof`; `code` is a stable
 * machine-readable string.
 *
 * @packageDocumentation
 */

/** A bearer token was required (Streamable HTTP MCP) but none, or an empty one, was configured */
export class MissingTokenError extends Error {
  static override name = 'MissingTokenError'
  override name = 'MissingTokenError'
  code = 'ERR_MISSING_TOKEN'
}

/** A setting from the environment or `.env` has a value Quarry cannot use; the message names the variable */
export class InvalidSettingError extends Error {
  static override name = 'InvalidSettingError'
  override name = 'InvalidSettingError'
  code = 'ERR_INVALID_SETTING'
}

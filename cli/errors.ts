/**
 * Errors thrown by the CLI itself. Callers should check `err.name` (or
 * `err.code`), not `instanceof`.
 *
 * @packageDocumentation
 */

/** `--verify-index`: the index did not verify, so the command refused to use it */
export class IndexNotVerifiedError extends Error {
  static override name = 'IndexNotVerifiedError'
  override name = 'IndexNotVerifiedError'
  /** Stable error code */
  code = 'ERR_INDEX_NOT_VERIFIED'
  /** The process exit code: 1 when the index differs from what its corpus gives, 2 when it could not be checked */
  exitCode: 1 | 2

  constructor (message = 'The index did not verify', exitCode: 1 | 2 = 1, options?: ErrorOptions) {
    super(message, options)
    this.exitCode = exitCode
  }
}

/** The user pressed Ctrl-C: the command stopped and left a resumable state */
export class InterruptedError extends Error {
  static override name = 'InterruptedError'
  override name = 'InterruptedError'
  /** Stable error code */
  code = 'ERR_INTERRUPTED'

  constructor (message = 'interrupted', options?: ErrorOptions) {
    super(message, options)
  }
}

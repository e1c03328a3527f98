/**
 * Errors thrown by the CLI itself. Callers should check `err.name` (or
 * `err.code`), not `instanceof`.
 *
 * @packageDocumentation
 */

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

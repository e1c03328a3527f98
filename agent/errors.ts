/**
 * Errors thrown by the answer layer. Callers check `err.name` (stable), not
 * `instanceof`; `code` is a stable machine-readable string.
 *
 * @packageDocumentation
 */

/** Options accepted by {@link LlmRequestError} */
export interface LlmRequestErrorOptions extends ErrorOptions {
  /** HTTP status of the failed response, if there was one */
  status?: number
  /** The server's own error message, if it sent one */
  serverMessage?: string
}

/**
 * A request to a language model failed: the server answered with an error
 * status, timed out or could not be reached. `status` carries the HTTP status
 * when there was a response and `serverMessage` the server's own message.
 */
export class LlmRequestError extends Error {
  static override name = 'LlmRequestError'
  override name = 'LlmRequestError'
  code = 'ERR_LLM_REQUEST'
  /** HTTP status of the failed response, `undefined` when there was none */
  status?: number
  /** The error message the server sent, `undefined` when there was none */
  serverMessage?: string

  constructor (message: string, options: LlmRequestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    if (options.status !== undefined) {
      this.status = options.status
    }
    if (options.serverMessage !== undefined) {
      this.serverMessage = options.serverMessage
    }
  }
}

/**
 * A language model's reply cannot be used at all: the response body is not
 * valid JSON, or it is not a chat completion (no choices, no message text).
 */
export class InvalidAnswerError extends Error {
  static override name = 'InvalidAnswerError'
  override name = 'InvalidAnswerError'
  code = 'ERR_INVALID_ANSWER'
}

/** An answer or one of its citations failed verification against the retrieved passages */
export class AnswerVerificationError extends Error {
  static override name = 'AnswerVerificationError'
  override name = 'AnswerVerificationError'
  code = 'ERR_ANSWER_VERIFICATION'
}

/** An answer model (JSON) does not match the features this version of Quarry computes, or is malformed */
export class InvalidAnswerModelError extends Error {
  static override name = 'InvalidAnswerModelError'
  override name = 'InvalidAnswerModelError'
  code = 'ERR_INVALID_ANSWER_MODEL'
}

/**
 * Errors thrown by the embedders. Callers check `err.name` (stable), not
 * `instanceof`; `code` is a stable machine-readable string.
 *
 * @packageDocumentation
 */

/** Options accepted by {@link EmbedderRequestError} */
export interface EmbedderRequestErrorOptions extends ErrorOptions {
  /** HTTP status of the failed response, if there was one */
  status?: number
}

/**
 * An embedding request failed: the server answered with an error status, sent
 * a malformed body, timed out or could not be reached. `status` carries the
 * HTTP status when there was a response; the message carries the server's own
 * error message.
 */
export class EmbedderRequestError extends Error {
  static override name = 'EmbedderRequestError'
  override name = 'EmbedderRequestError'
  code = 'ERR_EMBEDDER_REQUEST'
  /** HTTP status of the failed response, `undefined` when there was none */
  status?: number

  constructor (message: string, options: EmbedderRequestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    if (options.status !== undefined) {
      this.status = options.status
    }
  }
}

/** An embedder spec or option is not valid (unknown kind, empty model, mismatched cache) */
export class InvalidEmbedderError extends Error {
  static override name = 'InvalidEmbedderError'
  override name = 'InvalidEmbedderError'
  code = 'ERR_INVALID_EMBEDDER'
}

/** An embedding model could not be loaded, or was used before it was loaded */
export class EmbedderLoadError extends Error {
  static override name = 'EmbedderLoadError'
  override name = 'EmbedderLoadError'
  code = 'ERR_EMBEDDER_LOAD'
}

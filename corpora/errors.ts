/**
 * Errors thrown by the corpora layer. Callers check `err.name` (stable), not
 * `instanceof`; `code` is a stable machine-readable string.
 *
 * @packageDocumentation
 */

/** A string that should have been a CID is not one */
export class InvalidCidError extends Error {
  static override name = 'InvalidCidError'
  override name = 'InvalidCidError'
  code = 'ERR_INVALID_CID'
}

/** A path given for import does not exist or cannot be read */
export class SourceNotFoundError extends Error {
  static override name = 'SourceNotFoundError'
  override name = 'SourceNotFoundError'
  code = 'ERR_SOURCE_NOT_FOUND'
}

/** A CAR file is malformed, truncated, or its blocks do not match their CIDs */
export class InvalidCarError extends Error {
  static override name = 'InvalidCarError'
  override name = 'InvalidCarError'
  code = 'ERR_INVALID_CAR'
}

/** Fetching blocks from the network did not finish in time */
export class FetchTimeoutError extends Error {
  static override name = 'FetchTimeoutError'
  override name = 'FetchTimeoutError'
  code = 'ERR_FETCH_TIMEOUT'
}

/** A corpus name or CID is not known to the local registry or blockstore */
export class CorpusNotFoundError extends Error {
  static override name = 'CorpusNotFoundError'
  override name = 'CorpusNotFoundError'
  code = 'ERR_CORPUS_NOT_FOUND'
}

/** A block needed locally is missing and the node is offline */
export class BlockNotFoundError extends Error {
  static override name = 'BlockNotFoundError'
  override name = 'BlockNotFoundError'
  code = 'ERR_BLOCK_NOT_FOUND'
}

/** Bad network settings: a malformed multiaddr or gateway URL */
export class InvalidNetworkConfigError extends Error {
  static override name = 'InvalidNetworkConfigError'
  override name = 'InvalidNetworkConfigError'
  code = 'ERR_INVALID_NETWORK_CONFIG'
}

/** A corpus name is not acceptable (empty, too long, odd characters) */
export class InvalidCorpusNameError extends Error {
  static override name = 'InvalidCorpusNameError'
  override name = 'InvalidCorpusNameError'
  code = 'ERR_INVALID_CORPUS_NAME'
}

/** A stored or fetched block does not hash to its CID */
export class CorruptBlockError extends Error {
  static override name = 'CorruptBlockError'
  override name = 'CorruptBlockError'
  code = 'ERR_CORRUPT_BLOCK'
}

/** A path does not exist under a corpus root */
export class CorpusPathError extends Error {
  static override name = 'CorpusPathError'
  override name = 'CorpusPathError'
  code = 'ERR_CORPUS_PATH'
}

/** A fetch would pull more bytes or blocks than allowed */
export class FetchLimitError extends Error {
  static override name = 'FetchLimitError'
  override name = 'FetchLimitError'
  code = 'ERR_FETCH_LIMIT'
}

/** A remote pinning service refused a request or answered something that does not follow the Pinning Service API */
export class RemotePinError extends Error {
  static override name = 'RemotePinError'
  override name = 'RemotePinError'
  code = 'ERR_REMOTE_PIN'
  /** HTTP status, when the service answered */
  status?: number

  constructor (message: string, options?: ErrorOptions & { status?: number }) {
    super(message, options)
    if (options?.status != null) this.status = options.status
  }
}

/**
 * A network error that names the endpoint (gateway, routing endpoint or
 * storage provider) it happened at, in `endpoint`
 */
class EndpointError extends Error {
  /** The URL (or multiaddr) that failed */
  endpoint?: string

  constructor (message: string, options?: ErrorOptions & { endpoint?: string }) {
    super(message, options)
    if (options?.endpoint != null) this.endpoint = options.endpoint
  }
}

/** A gateway, routing endpoint or provider could not be reached (connection refused, unknown host, TLS) */
export class EndpointUnreachableError extends EndpointError {
  static override name = 'EndpointUnreachableError'
  override name = 'EndpointUnreachableError'
  code = 'ERR_ENDPOINT_UNREACHABLE'
}

/** An endpoint accepted the connection but sent nothing (or stopped sending) for too long */
export class FetchStalledError extends EndpointError {
  static override name = 'FetchStalledError'
  override name = 'FetchStalledError'
  code = 'ERR_FETCH_STALLED'
}

/** A storage provider or gateway answered that it does not have the piece or block asked for */
export class ContentNotFoundError extends EndpointError {
  static override name = 'ContentNotFoundError'
  override name = 'ContentNotFoundError'
  code = 'ERR_CONTENT_NOT_FOUND'
}

/** A routing endpoint answered, but lists no provider for a CID */
export class NoProvidersError extends EndpointError {
  static override name = 'NoProvidersError'
  override name = 'NoProvidersError'
  code = 'ERR_NO_PROVIDERS'
}

/** Bytes served as a piece do not hash to the piece CID asked for (nothing was stored) */
export class PieceMismatchError extends EndpointError {
  static override name = 'PieceMismatchError'
  override name = 'PieceMismatchError'
  code = 'ERR_PIECE_MISMATCH'
}

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

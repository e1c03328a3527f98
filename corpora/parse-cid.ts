import { CID } from 'multiformats/cid'
import { InvalidCidError } from './errors.js'

/**
 * Parse a CID string given by a user (CLI argument, tool input, `ipfs://` URL).
 * Accepts a bare CID, `ipfs://<cid>` and `/ipfs/<cid>`.
 *
 * @throws {InvalidCidError} naming the input when it is not a CID
 */
export function parseCid (input: string): CID {
  const trimmed = input.trim()
  const bare = trimmed.replace(/^ipfs:\/\//, '').replace(/^\/ipfs\//, '').split(/[/?#]/)[0] ?? ''
  try {
    return CID.parse(bare)
  } catch (err) {
    throw new InvalidCidError(`"${input}" is not a valid CID (${(err as Error).message})`, { cause: err })
  }
}

/** True when the string parses as a CID */
export function isCid (input: string): boolean {
  try {
    parseCid(input)
    return true
  } catch {
    return false
  }
}

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
    // the library's own message ("Unexpected end of data", "Invalid CID version 16") stays in `cause`
    throw new InvalidCidError(`"${input}" is not a valid CID (${whyNotCid(bare)}): copy the whole CID`, { cause: err })
  }
}

/** What is wrong with a string that does not parse as a CID, in words a user can act on */
function whyNotCid (text: string): string {
  if (text === '') return 'it is empty'
  if (text.startsWith('Qm')) return text.length < 46 ? `cut short: ${text.length} characters, a CIDv0 has 46` : 'a CIDv0 is 46 base58 characters'
  if (text.startsWith('b')) return text.length < 59 ? `cut short: ${text.length} characters, a CIDv1 such as bafy… has 59 or more` : 'mistyped: a CIDv1 such as bafy… is base32 (a-z, 2-7)'
  return 'a CID starts with "b" (CIDv1, e.g. bafy…) or "Qm" (CIDv0)'
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

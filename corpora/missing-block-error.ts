import { BlockNotFoundError } from './errors.js'
import type { CID } from 'multiformats/cid'

/** Error names Helia and its blockstores use for a block that is not there */
const NOT_FOUND = new Set(['BlockNotFoundWhileOfflineError', 'NotFoundError', 'LoadBlockFailedError', 'BlockNotFoundError'])

/** How to get missing blocks, for error messages */
export const FETCH_HINT = 'fetch it by running the command again with --gateway <url> or --peer <multiaddr>, or --routing <url> to find providers (or set QUARRY_GATEWAYS / QUARRY_PEERS / QUARRY_ROUTING)'

/**
 * Turn Helia's "block not found" errors into a {@link BlockNotFoundError}
 * that names the missing block, what it belongs to, and how to fetch it;
 * `undefined` for any other error.
 */
export function missingBlockError (err: unknown, cid: CID, options: { offline?: boolean, what?: string } = {}): BlockNotFoundError | undefined {
  const name = (err as Error | undefined)?.name ?? ''
  if (!NOT_FOUND.has(name)) return undefined
  if (name === 'BlockNotFoundError' && (err as Error).message.includes('--gateway')) return err as BlockNotFoundError
  const what = options.what != null ? ` (${options.what})` : ''
  const how = options.offline === false && !/offline/i.test((err as Error).message)
    ? 'no peer, gateway or routed provider supplied it; check --gateway / --peer / --routing'
    : `the node is offline: ${FETCH_HINT}`
  const missing = /(b[a-z2-7]{50,}|Qm[1-9A-HJ-NP-Za-km-z]{44})/.exec((err as Error).message)?.[1]
  const block = missing ?? cid.toString()
  return new BlockNotFoundError(`Block ${block}${what} is not in the local store and ${how}`, { cause: err })
}

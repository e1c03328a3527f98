import { CorruptBlockError } from './errors.js'
import type { UnixFS } from 'ipfs-unixfs'

/** A decoded UnixFS `Data` message (`ipfs-unixfs`): `type`, inline `data`, `blockSizes`, `fanout`, `fileSize()` */
export type UnixFSData = UnixFS

/** The largest HAMT fan-out read (a bucket prefix of 4 hex characters); importers write 256 by default */
const MAX_FANOUT = 1n << 16n

/** `ipfs-unixfs`, loaded on first use: a command that reads no UnixFS block (`quarry --help`) never loads it */
let ipfsUnixfs: Promise<typeof import('ipfs-unixfs')> | undefined

/**
 * Decode the UnixFS `Data` protobuf of a dag-pb node with `ipfs-unixfs`.
 *
 * @throws {CorruptBlockError} when the bytes are not a UnixFS `Data` message
 */
export async function decodeUnixFSData (bytes: Uint8Array): Promise<UnixFSData> {
  const { UnixFS } = await (ipfsUnixfs ??= import('ipfs-unixfs'))
  try {
    return UnixFS.unmarshal(bytes)
  } catch (err) {
    throw new CorruptBlockError(`Not a UnixFS Data message: ${(err as Error).message}`, { cause: err })
  }
}

/** Whether a UnixFS node is a file (or a raw leaf wrapped in dag-pb) */
export function isUnixFSFile (d: UnixFSData): boolean {
  return d.type === 'file' || d.type === 'raw'
}

/**
 * The length of the hex bucket prefix that starts each link name of a
 * HAMT-sharded folder node: that of `fanout - 1` in hex (fan-out 256: 2
 * characters, 16: 1, 4096: 3), as `ipfs-unixfs-exporter` reads it. The
 * fan-out is the node's own, checked, never assumed.
 *
 * @throws {CorruptBlockError} when the node has no fan-out, or one that is not a power of two from 2 to 65536
 */
export function hamtPrefixLength (d: UnixFSData, where: string): number {
  const fanout = d.fanout
  if (fanout == null) throw new CorruptBlockError(`${where} is a HAMT-sharded folder without a fan-out`)
  if (fanout < 2n || fanout > MAX_FANOUT || (fanout & (fanout - 1n)) !== 0n) {
    throw new CorruptBlockError(`${where} is a HAMT-sharded folder with fan-out ${fanout}, which is not a power of two from 2 to ${MAX_FANOUT}`)
  }
  return (fanout - 1n).toString(16).length
}

import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'
import { BlockNotFoundError, CorruptBlockError, InvalidCarError } from './errors.js'
import { missingBlockError } from './missing-block-error.js'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link verifyDag} */
export interface VerifyDagOptions extends AbortOptions {
  /** Never fetch from the network. @default true */
  offline?: boolean
}

export { CorruptBlockError }

async function getBlock (helia: Helia, cid: CID, options: VerifyDagOptions): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  try {
    for await (const p of helia.blockstore.get(cid, { signal: options.signal, offline: options.offline ?? true } as any) as AsyncIterable<Uint8Array>) parts.push(p)
  } catch (err) {
    throw missingBlockError(err, cid, { offline: options.offline ?? true }) ?? new BlockNotFoundError(`Block ${cid.toString()} could not be read: ${(err as Error).message}`, { cause: err })
  }
  return parts.length === 1 && parts[0] != null ? parts[0] : Buffer.concat(parts)
}

/**
 * Re-hash every block of a dag-pb/raw DAG (UnixFS) and compare with its CID.
 * Local blockstores do not re-check blocks on read; this does, so a tampered
 * or bit-rotted block is caught before its bytes are trusted.
 *
 * @returns the number of blocks verified
 * @throws {CorruptBlockError} naming the first block that does not match
 */
export async function verifyDag (helia: Helia, root: CID, options: VerifyDagOptions = {}): Promise<number> {
  const seen = new Set<string>()
  const queue: CID[] = [root]
  let count = 0
  while (queue.length > 0) {
    options.signal?.throwIfAborted()
    const cid = queue.pop() as CID
    const key = cid.toString()
    if (seen.has(key)) continue
    seen.add(key)
    const bytes = await getBlock(helia, cid, options)
    const hasher = await helia.getHasher(cid.multihash.code)
    const digest = await hasher.digest(bytes)
    if (Buffer.compare(Buffer.from(digest.digest), Buffer.from(cid.multihash.digest)) !== 0) {
      throw new CorruptBlockError(`Block ${key} does not match its CID: the stored data has been altered`)
    }
    count++
    if (cid.code === dagPb.code) {
      const node = dagPb.decode(bytes)
      for (const link of node.Links) queue.push(link.Hash)
    } else if (cid.code !== raw.code) {
      throw new InvalidCarError(`Block ${key} uses codec 0x${cid.code.toString(16)}, which a UnixFS DAG does not contain`)
    }
  }
  return count
}

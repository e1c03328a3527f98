import * as dagPb from '@ipld/dag-pb'
import { CorruptBlockError, CorpusPathError } from './errors.js'
import { missingBlockError } from './missing-block-error.js'
import { decodeUnixFSData, hamtPrefixLength, isUnixFSFile } from './unixfs-data.js'
import { createUnixFSReader, type UnixFSReader } from './unixfs-reader.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'
import type { MultihashHasher } from 'multiformats/hashes/interface'

/** Where {@link createVerifiedBlocks} reads blocks: a Helia node, or a bare blockstore and hashers */
export interface VerifiedBlockSource {
  blockstore: {
    get(cid: CID, options?: AbortOptions): AsyncIterable<Uint8Array> | Iterable<Uint8Array>
    has(cid: CID, options?: AbortOptions): Promise<boolean> | boolean
  }
  getHasher(code: number): MultihashHasher | Promise<MultihashHasher>
}

/** Options for {@link createVerifiedBlocks} */
export interface VerifiedBlocksOptions {
  /** Never fetch from the network: a missing block throws {@link BlockNotFoundError}. @default true */
  offline?: boolean
}

/**
 * Block reads that trust nothing: every block, local or fetched, is re-hashed
 * against its CID before it is used. `fs` is a UnixFS view whose reads go
 * through the same check, so whatever it returns was hashed on the way.
 */
export interface VerifiedBlocks {
  /** The bytes of one block, re-hashed against its CID */
  get(cid: CID, options?: AbortOptions): Promise<Uint8Array>
  /** True when the block is there without fetching (an identity CID always is) */
  has(cid: CID, options?: AbortOptions): Promise<boolean>
  /** UnixFS reads (`cat`, `ls`, `stat`) over verified reads */
  fs: UnixFSReader
  /** Distinct blocks hashed so far */
  readonly verified: number
  /** True when the block with this CID has been hashed and matched */
  isVerified(cid: CID): boolean
}

/** An identity CID carries its block in its multihash: there is nothing to fetch or hash */
const IDENTITY = 0x00

/**
 * Wrap a node's blockstore so that every read is hashed against its CID
 * (local blockstores do not re-check blocks on read).
 *
 * @throws {CorruptBlockError} (from reads) when a block does not match its CID
 * @throws {BlockNotFoundError} (from reads) when a block is missing and cannot be fetched
 */
export async function createVerifiedBlocks (helia: VerifiedBlockSource, options: VerifiedBlocksOptions = {}): Promise<VerifiedBlocks> {
  return verifiedBlocks(helia, options)
}

/** {@link createVerifiedBlocks}, synchronously */
export function verifiedBlocks (helia: VerifiedBlockSource, options: VerifiedBlocksOptions = {}): VerifiedBlocks {
  const offline = options.offline ?? true
  const seen = new Set<string>()
  const get = async (cid: CID, opts: AbortOptions & { offline?: boolean } = {}): Promise<Uint8Array> => {
    const parts: Uint8Array[] = []
    const off = offline || opts.offline === true
    if (cid.multihash.code === IDENTITY) {
      parts.push(cid.multihash.digest)
    } else {
      try {
        for await (const p of helia.blockstore.get(cid, { signal: opts.signal, offline: off } as AbortOptions)) parts.push(p)
      } catch (err) {
        throw missingBlockError(err, cid, { offline: off }) ?? err
      }
    }
    const bytes = parts.length === 1 && parts[0] != null ? parts[0] : Buffer.concat(parts)
    const hasher = await helia.getHasher(cid.multihash.code)
    const digest = await hasher.digest(bytes)
    if (Buffer.compare(Buffer.from(digest.digest), Buffer.from(cid.multihash.digest)) !== 0) {
      throw new CorruptBlockError(`Block ${cid.toString()} does not match its CID: the stored data has been altered`)
    }
    seen.add(cid.toString())
    return bytes
  }
  return {
    get,
    has: async (cid, opts) => cid.multihash.code === IDENTITY || await helia.blockstore.has(cid, opts),
    fs: createUnixFSReader(get),
    get verified () { return seen.size },
    isVerified: (cid) => seen.has(cid.toString())
  }
}

/**
 * Find the CID at `path` under a UnixFS directory, reading each directory
 * block through `blocks` (so each one is hashed). Plain and HAMT-sharded
 * directories are followed (a shard's bucket prefix length comes from its own
 * fan-out: 2 hex characters for 256).
 *
 * @throws {CorpusPathError} when a path segment is not there
 */
export async function resolveVerifiedPath (blocks: Pick<VerifiedBlocks, 'get'>, root: CID, path: string, options: AbortOptions = {}): Promise<CID> {
  let cid = root
  const segments = path.split('/').filter(s => s !== '')
  for (const [i, name] of segments.entries()) {
    if (cid.code !== dagPb.code) throw new CorpusPathError(`"${segments.slice(0, i).join('/')}" under ${root.toString()} is a file, not a folder`)
    const found = await findLink(blocks, cid, name, options)
    if (found == null) throw new CorpusPathError(`There is no "${segments.slice(0, i + 1).join('/')}" under ${root.toString()}`)
    cid = found
  }
  return cid
}

async function findLink (blocks: Pick<VerifiedBlocks, 'get'>, dir: CID, name: string, options: AbortOptions): Promise<CID | undefined> {
  const node = dagPb.decode(await blocks.get(dir, options))
  const unixfs = node.Data == null ? undefined : await decodeUnixFSData(node.Data)
  if (unixfs != null && isUnixFSFile(unixfs)) return undefined
  if (unixfs?.type !== 'hamt-sharded-directory') return node.Links.find(l => l.Name === name)?.Hash
  const prefix = hamtPrefixLength(unixfs, dir.toString())
  for (const link of node.Links) {
    const linkName = link.Name ?? ''
    if (linkName.length === prefix) {
      const inner = await findLink(blocks, link.Hash, name, options)
      if (inner != null) return inner
    } else if (linkName.slice(prefix) === name) {
      return link.Hash
    }
  }
  return undefined
}

/**
 * Hash every block of a UnixFS (dag-pb/raw) DAG through `blocks`.
 *
 * @returns the number of blocks
 */
export async function verifyBlocksUnder (blocks: Pick<VerifiedBlocks, 'get'> & Partial<Pick<VerifiedBlocks, 'isVerified'>>, root: CID, options: AbortOptions = {}): Promise<number> {
  const queue: CID[] = [root]
  const seen = new Set<string>()
  while (queue.length > 0) {
    options.signal?.throwIfAborted()
    const cid = queue.pop() as CID
    if (seen.has(cid.toString())) continue
    seen.add(cid.toString())
    // a leaf these blocks have already hashed is not read again (a dag-pb node is: its links are needed)
    if (cid.code !== dagPb.code && blocks.isVerified?.(cid) === true) continue
    const bytes = await blocks.get(cid, options)
    if (cid.code === dagPb.code) for (const l of dagPb.decode(bytes).Links) queue.push(l.Hash)
  }
  return seen.size
}

import * as dagPb from '@ipld/dag-pb'
import type { UnixFS } from '@helia/unixfs'
import { CorruptBlockError, CorpusPathError } from './errors.js'
import { missingBlockError } from './missing-block-error.js'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

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
  /** UnixFS over verified reads */
  fs: UnixFS
  /** Distinct blocks hashed so far */
  readonly verified: number
}

/**
 * Wrap a node's blockstore so that every read is hashed against its CID
 * (local blockstores do not re-check blocks on read).
 *
 * @throws {CorruptBlockError} (from reads) when a block does not match its CID
 * @throws {BlockNotFoundError} (from reads) when a block is missing and cannot be fetched
 */
export async function createVerifiedBlocks (helia: Pick<Helia, 'blockstore' | 'getHasher'>, options: VerifiedBlocksOptions = {}): Promise<VerifiedBlocks> {
  // loaded here, not at the top: UnixFS is ~150 modules that `quarry --help` must not pay for
  const { unixfs } = await import('@helia/unixfs')
  const offline = options.offline ?? true
  const seen = new Set<string>()
  const get = async (cid: CID, opts: AbortOptions = {}): Promise<Uint8Array> => {
    const parts: Uint8Array[] = []
    try {
      for await (const p of helia.blockstore.get(cid, { signal: opts.signal, offline } as any) as AsyncIterable<Uint8Array>) parts.push(p)
    } catch (err) {
      throw missingBlockError(err, cid, { offline }) ?? err
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
  const blockstore = {
    get: (cid: CID, opts?: AbortOptions) => (async function * () { yield await get(cid, opts) })(),
    has: async (cid: CID, opts?: AbortOptions) => helia.blockstore.has(cid, opts),
    put: async () => { throw new TypeError('verified blocks are read-only') }
  }
  return { get, fs: unixfs({ blockstore } as any), get verified () { return seen.size } }
}

/** UnixFS Data `Type` values used here */
const HAMT_SHARD = 5
const FILE_TYPES = new Set([0, 2])

/** The UnixFS `Type` field of a dag-pb node's Data (field 1, varint) */
function unixfsType (data: Uint8Array | undefined): number | undefined {
  if (data == null || data.byteLength < 2 || data[0] !== 0x08) return undefined
  return data[1]
}

/**
 * Find the CID at `path` under a UnixFS directory, reading each directory
 * block through `blocks` (so each one is hashed). Plain and HAMT-sharded
 * directories (fan-out 256, two-character bucket prefixes) are followed.
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
  const type = unixfsType(node.Data)
  if (type != null && FILE_TYPES.has(type)) return undefined
  if (type !== HAMT_SHARD) return node.Links.find(l => l.Name === name)?.Hash
  for (const link of node.Links) {
    const linkName = link.Name ?? ''
    if (linkName.length === 2) {
      const inner = await findLink(blocks, link.Hash, name, options)
      if (inner != null) return inner
    } else if (linkName.slice(2) === name) {
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
export async function verifyBlocksUnder (blocks: Pick<VerifiedBlocks, 'get'>, root: CID, options: AbortOptions = {}): Promise<number> {
  const queue: CID[] = [root]
  const seen = new Set<string>()
  while (queue.length > 0) {
    options.signal?.throwIfAborted()
    const cid = queue.pop() as CID
    if (seen.has(cid.toString())) continue
    seen.add(cid.toString())
    const bytes = await blocks.get(cid, options)
    if (cid.code === dagPb.code) for (const l of dagPb.decode(bytes).Links) queue.push(l.Hash)
  }
  return seen.size
}

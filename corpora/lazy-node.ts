import { access, mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { base32upper } from 'multiformats/bases/base32'
import { identity } from 'multiformats/hashes/identity'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { createQuarryNode, type QuarryNode, type QuarryNodeOptions } from './helia-node.js'
import { isNetworked, parseNetworkOptions } from './network-options.js'
import { quarryHome, type QuarryHome } from './quarry-home.js'
import { verifiedBlocks, type VerifiedBlocks, type VerifiedBlockSource } from './verified-blocks.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'
import type { MultihashHasher } from 'multiformats/hashes/interface'

/**
 * A Quarry home's node, started only when a command needs more than reading
 * local blocks. Reads (`blocks`) hash every block against its CID and need
 * no Helia node while the blocks are local, so read-only commands (a search,
 * an extractive answer) never load Helia, UnixFS's importer or libp2p;
 * writing (import, pin, gc), serving and fetching call {@link LazyNode.start}.
 */
export interface LazyNode {
  home: QuarryHome
  /** True when the node may fetch blocks from peers or gateways */
  online: boolean
  /**
   * Verified reads: local blocks straight from the blockstore; a missing
   * block starts the node and is fetched when `online` (and the read does not
   * say `offline: true`)
   */
  blocks: VerifiedBlocks
  /** True once {@link LazyNode.start} has been called */
  readonly started: boolean
  /** The Helia node, started on the first call */
  start(): Promise<QuarryNode>
  /** Stop the node if it was started */
  stop(): Promise<void>
}

/** A block that is not in the home's blockstore (named as blockstore-fs names it, so `missingBlockError` knows it) */
class NotFoundError extends Error {
  static override name = 'NotFoundError'
  override name = 'NotFoundError'
  code = 'ERR_NOT_FOUND'
}

/**
 * Reads from the blockstore folder Helia's node writes (blockstore-fs with its
 * default layout: `<base32upper multihash>.data` in a folder named by the
 * key's last two characters), with a plain file read: blockstore-fs itself
 * loads a glob library (~75 modules) that reading one block does not need.
 */
function homeBlocks (root: string): { get(cid: CID, options?: AbortOptions): AsyncGenerator<Uint8Array>, has(cid: CID, options?: AbortOptions): Promise<boolean> } {
  const path = (cid: CID): string => {
    const key = base32upper.encoder.encode(cid.multihash.bytes)
    return join(root, key.slice(-2), `${key}.data`)
  }
  return {
    async * get (cid, options = {}) {
      options.signal?.throwIfAborted()
      try {
        yield await readFile(path(cid), { signal: options.signal })
      } catch (err) {
        if ((err as Error).name === 'AbortError') throw err
        throw new NotFoundError(String(err), { cause: err })
      }
    },
    async has (cid, options = {}) {
      options.signal?.throwIfAborted()
      return access(path(cid)).then(() => true, () => false)
    }
  }
}

/** Hashers that need no Helia node (Helia's defaults: sha2-256, sha2-512, identity) */
const HASHERS = new Map<number, MultihashHasher>([[sha256.code, sha256], [sha512.code, sha512], [identity.code, identity]])

/**
 * Open a Quarry home for reading without starting Helia. A node that listens
 * (`network.listen`) is started at once, so it is reachable while it runs;
 * every other node starts on first need.
 */
export async function openLazyNode (options: QuarryNodeOptions = {}): Promise<LazyNode> {
  const home = quarryHome(options.home)
  const network = parseNetworkOptions(options.network)
  const online = isNetworked(network)
  await mkdir(home.blocks, { recursive: true })
  const local = homeBlocks(home.blocks)
  let node: Promise<QuarryNode> | undefined
  const start = async (): Promise<QuarryNode> => {
    node ??= createQuarryNode({ ...options, home: home.root })
    return node
  }
  const source: VerifiedBlockSource = {
    blockstore: {
      async * get (cid: CID, opts: AbortOptions & { offline?: boolean } = {}) {
        if (!online || opts.offline === true || await local.has(cid, opts)) {
          yield * local.get(cid, opts)
          return
        }
        yield * (await start()).helia.blockstore.get(cid, opts as any) as AsyncIterable<Uint8Array>
      },
      has: async (cid, opts) => local.has(cid, opts)
    },
    async getHasher (code) {
      const hasher = HASHERS.get(code)
      if (hasher != null) return hasher
      return (await start()).helia.getHasher(code)
    }
  }
  const lazy: LazyNode = {
    home,
    online,
    blocks: verifiedBlocks(source, { offline: !online }),
    get started () { return node != null },
    start,
    async stop () {
      const started = node
      node = undefined
      if (started != null) await (await started.catch(() => undefined))?.stop()
    }
  }
  if (network.listen.length > 0) await start()
  return lazy
}

/** A started node as a {@link LazyNode} (reads go through its Helia blockstore, hashed) */
export function lazyNodeOf (node: QuarryNode): LazyNode {
  return {
    home: node.home,
    online: node.online,
    blocks: verifiedBlocks(node.helia, { offline: !node.online }),
    started: true,
    start: async () => node,
    stop: async () => node.stop()
  }
}

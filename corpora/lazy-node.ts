import { mkdir } from 'node:fs/promises'
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
  // the bare blockstore is ~20 modules; Helia and its stores are ~400
  const { FsBlockstore } = await import('blockstore-fs')
  const local = new FsBlockstore(home.blocks)
  await local.open()
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
      try {
        if (started != null) await (await started.catch(() => undefined))?.stop()
      } finally {
        await local.close()
      }
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

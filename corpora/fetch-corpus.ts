import { diagnoseFetch } from './diagnose-fetch.js'
import { BlockNotFoundError, FetchTimeoutError } from './errors.js'
import { findProviders } from './find-providers.js'
import type { ParsedNetworkOptions } from './network-options.js'
import { pinDag } from './pin-dag.js'
import { prefetchDag } from './prefetch-dag.js'
import type { ProgressOptions } from './progress.js'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link fetchCorpus} */
export interface FetchCorpusOptions extends AbortOptions, ProgressOptions {
  /** Give up after this many milliseconds. @default 120000 */
  timeoutMs?: number
  /** Refuse a DAG with more blocks than this. @default {@link DEFAULT_FETCH_MAX_BLOCKS} */
  maxBlocks?: number
  /** Refuse a DAG larger than this many bytes. @default {@link DEFAULT_FETCH_MAX_BYTES} */
  maxBytes?: number
}

/** Most blocks one fetch may pull unless told otherwise */
export const DEFAULT_FETCH_MAX_BLOCKS = 1_000_000
/** Most bytes one fetch may pull unless told otherwise (16 GiB) */
export const DEFAULT_FETCH_MAX_BYTES = 16 * 1024 ** 3

/** What a fetch did */
export interface FetchResult {
  cid: CID
  /** Blocks walked (fetched or already local) */
  blocks: number
  /** Whole DAG size in bytes, as UnixFS reports it */
  ms: number
}

/**
 * Pull a whole DAG from connected peers (bitswap) or trustless gateways,
 * verifying every block against its CID (Helia hashes each block it
 * receives), and pin it. On an offline node a DAG that is not already local
 * fails at once with a hint to pass peers or gateways.
 *
 * @throws {FetchTimeoutError} when the DAG is not complete in time
 * @throws {FetchLimitError} when the DAG is bigger than `maxBytes` or has more than `maxBlocks` blocks
 *   (blocks pulled so far stay unpinned; `quarry gc` removes them)
 * @throws {BlockNotFoundError} when offline and a block is missing
 * @throws {NoProvidersError} when the only source is routing and it lists nobody for `root`
 * @throws {EndpointUnreachableError | FetchStalledError | ContentNotFoundError} when the fetch failed and
 *   probing the endpoints found why (which gateway or routing endpoint, the cause, what to try)
 */
export async function fetchCorpus (node: { helia: Helia, online: boolean, network?: ParsedNetworkOptions, reconnect?(): Promise<void>, peerStates?(): Promise<string[]> }, root: CID, options: FetchCorpusOptions = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? 120_000
  // a ref'd timer, unlike AbortSignal.timeout: if every connection drops while
  // blocks are wanted, the process waits for the timeout and reports it
  // instead of exiting with the fetch still pending
  const timer = new AbortController()
  const handle = setTimeout(() => timer.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)
  const timeout = timer.signal
  const signal = options.signal == null ? timeout : AbortSignal.any([options.signal, timeout])
  const started = Date.now()
  let blocks = 0
  const network = node.network
  try {
    // routing alone: ask it first, so "nobody provides this" is said at once, not after the timeout
    if (network != null && network.routers.length > 0 && network.gateways.length === 0 && network.peers.length === 0 && !(await node.helia.blockstore.has(root))) {
      await findProviders(network.routers, root, { signal })
    }
    if (node.online) {
      await prefetchDag(node.helia, root, {
        signal,
        maxBlocks: options.maxBlocks ?? DEFAULT_FETCH_MAX_BLOCKS,
        maxBytes: options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES,
        // with routing, look providers up once for the root rather than once per block
        session: network != null && network.routers.length > 0,
        onBlock: (blocks, bytes) => options.onProgress?.({ type: 'corpora:fetch:block', blocks, bytes }),
        // nothing arrived for a while: fresh connections to the peers we were given carry the whole want-list again
        onStall: () => { void node.reconnect?.().catch(() => {}) }
      })
    }
    blocks = await pinDag(node.helia, root, {
      signal,
      offline: true,
      metadata: { source: 'fetch' },
    })
  } catch (err) {
    if (options.signal?.aborted !== true && network != null && isFetchFailure(err, timeout)) {
      const diagnosed = await diagnoseFetch(network, root, { probeMs: Math.min(5000, timeoutMs) })
      if (diagnosed != null) {
        diagnosed.cause ??= err
        throw diagnosed
      }
    }
    if (timeout.aborted && options.signal?.aborted !== true) {
      const peers = await node.peerStates?.().catch(() => []) ?? []
      throw new FetchTimeoutError(`Timed out after ${timeoutMs / 1000}s fetching ${root.toString()}: no peer or gateway supplied the remaining blocks${peers.length > 0 ? ` (peers: ${peers.join('; ')})` : ''}`, { cause: err })
    }
    if ((err as Error).name === 'BlockNotFoundError') {
      throw new BlockNotFoundError(`${root.toString()} is not in the local store and the node is offline: give it peers or gateways to fetch from`, { cause: err })
    }
    throw err
  } finally {
    clearTimeout(handle)
  }
  return { cid: root, blocks, ms: Date.now() - started }
}

/** A failure to get blocks (a timeout or Helia's "not found"), as opposed to a limit, a bad DAG or a routing answer */
function isFetchFailure (err: unknown, timeout: AbortSignal): boolean {
  const name = (err as Error | undefined)?.name ?? ''
  return timeout.aborted || ['LoadBlockFailedError', 'BlockNotFoundError', 'NotFoundError', 'AggregateError'].includes(name)
}

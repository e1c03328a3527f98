import { setMaxListeners } from 'node:events'
import * as dagPb from '@ipld/dag-pb'
import { FetchLimitError } from './errors.js'
import { watchStalls } from './stall-watch.js'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link prefetchDag} */
export interface PrefetchDagOptions extends AbortOptions {
  /** Blocks requested at once. @default 32 */
  concurrency?: number
  /** Called after each block arrives */
  onBlock?(blocks: number, bytes: number): void
  /** Stop with {@link FetchLimitError} when the DAG has more blocks than this. @default no limit */
  maxBlocks?: number
  /** Stop with {@link FetchLimitError} when the DAG's blocks hold more bytes than this. @default no limit */
  maxBytes?: number
  /**
   * Fetch through a Helia session: providers of the root are looked up once
   * (through routing) and asked for every block, instead of one routing
   * lookup per block. @default false
   */
  session?: boolean
  /**
   * When no block has arrived for this long while some are wanted, want the
   * outstanding ones again (a want lost with a reset stream is otherwise
   * waited on until the whole fetch times out); the wait doubles after each
   * stall. @default {@link STALL_MS}
   */
  stallMs?: number
  /** Called at each stall, before the outstanding blocks are wanted again (e.g. to reconnect to the peers) */
  onStall?(): void
}

/** Default {@link PrefetchDagOptions.stallMs} */
export const STALL_MS = 15_000

/**
 * Fetch every block of a UnixFS (dag-pb/raw) DAG into the local store,
 * breadth-first with many requests in flight (a recursive pin walks one block
 * at a time, which is round-trip bound over bitswap). Helia hashes each block
 * it receives against its CID before storing it. When nothing arrives for
 * {@link PrefetchDagOptions.stallMs} while blocks are wanted, the outstanding
 * requests are cancelled and made again.
 *
 * @returns blocks and bytes walked
 */
export async function prefetchDag (helia: Helia, root: CID, options: PrefetchDagOptions = {}): Promise<{ blocks: number, bytes: number }> {
  const concurrency = options.concurrency ?? 32
  if (options.signal != null) setMaxListeners(Infinity, options.signal)
  const store = options.session === true ? helia.blockstore.createSession(root, { signal: options.signal }) : helia.blockstore
  const queue: CID[] = [root]
  const seen = new Set<string>([root.toString()])
  let blocks = 0
  let bytes = 0
  let active = 0
  let failure: unknown
  // the requests in flight share one round; a stall ends the round and its CIDs are asked for again
  const watch = watchStalls(options.signal, options.stallMs ?? STALL_MS, () => active > 0, options.onStall)
  try {
    await new Promise<void>((resolve) => {
      const pump = (): void => {
        if (failure != null || (queue.length === 0 && active === 0)) {
          if (active === 0) resolve()
          return
        }
        while (active < concurrency && queue.length > 0 && failure == null) {
          const cid = queue.shift() as CID
          active++
          const mine = watch.round()
          void (async () => {
            const parts: Uint8Array[] = []
            for await (const p of store.get(cid, { signal: mine.signal }) as AsyncIterable<Uint8Array>) parts.push(p)
            const block = parts.length === 1 && parts[0] != null ? parts[0] : Buffer.concat(parts)
            watch.arrived()
            blocks++
            bytes += block.byteLength
            if (options.maxBlocks != null && blocks > options.maxBlocks) throw new FetchLimitError(`${root.toString()} has more than ${options.maxBlocks} blocks, the fetch limit (raise it with --max-blocks or QUARRY_FETCH_MAX_BLOCKS)`)
            if (options.maxBytes != null && bytes > options.maxBytes) throw new FetchLimitError(`${root.toString()} is larger than ${options.maxBytes} bytes, the fetch limit (raise it with --max-bytes or QUARRY_FETCH_MAX_BYTES)`)
            options.onBlock?.(blocks, bytes)
            if (cid.code === dagPb.code) queueLinks(cid, block)
          })().catch((err: unknown) => {
            // a stalled round: want it again (the caller's own abort or timeout is a failure)
            if (mine.stalled() && options.signal?.aborted !== true) queue.push(cid)
            else failure ??= err
          }).finally(() => {
            active--
            pump()
          })
        }
      }
      const queueLinks = (cid: CID, block: Uint8Array): void => {
        const node = dagPb.decode(block)
        // a directory or file node says how big its children are: refuse early instead of after the download
        const declared = node.Links.reduce((n, l) => n + (l.Tsize ?? 0), 0)
        if (cid.equals(root) && options.maxBytes != null && declared > options.maxBytes) throw new FetchLimitError(`${root.toString()} says it holds ${declared} bytes, more than the fetch limit of ${options.maxBytes} (raise it with --max-bytes or QUARRY_FETCH_MAX_BYTES)`)
        for (const link of node.Links) {
          const key = link.Hash.toString()
          if (!seen.has(key)) {
            seen.add(key)
            queue.push(link.Hash)
          }
        }
      }
      pump()
    })
  } finally {
    watch.stop()
  }
  if (failure != null) throw failure
  return { blocks, bytes }
}

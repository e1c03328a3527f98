import { BlockNotFoundError } from './errors.js'
import { hasPin } from './pin-state.js'
import type { ProgressOptions } from './progress.js'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link pinDag} */
export interface PinDagOptions extends AbortOptions, ProgressOptions {
  /** Only use local blocks; a missing block throws instead of being fetched. @default false */
  offline?: boolean
  /** Stored with the pin */
  metadata?: Record<string, string | number | boolean>
}

/**
 * Pin a whole DAG recursively, so garbage collection keeps every block. When
 * online, missing blocks are fetched (and hash-verified by Helia) on the way.
 * Already-pinned roots are left as they are; a half-made pin (a process
 * killed while pinning) is completed.
 *
 * @returns the number of blocks walked
 */
export async function pinDag (helia: Helia, root: CID, options: PinDagOptions = {}): Promise<number> {
  if (await hasPin(helia, root, options)) {
    return 0
  }
  let blocks = 0
  try {
    for await (const _ of helia.pins.add(root, { signal: options.signal, metadata: options.metadata, offline: options.offline } as any)) {
      blocks++
      options.onProgress?.({ type: 'corpora:pin:block', blocks })
    }
  } catch (err) {
    const e = err as Error
    if (e.name === 'BlockNotFoundWhileOfflineError' || e.name === 'NotFoundError') {
      throw new BlockNotFoundError(`The DAG under ${root.toString()} is incomplete: a block is missing from the local store (${e.message})`, { cause: err })
    }
    throw err
  }
  return blocks
}

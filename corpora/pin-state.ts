import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/**
 * Whether `root` has a finished recursive pin.
 *
 * Helia's `pins.isPinned` answers from the root block's pin count, which
 * `pins.add` writes first, while the pin record itself is written only after
 * the whole DAG was walked. A process killed in between leaves a half-made
 * pin: `isPinned` says yes, but the blocks below the root may not be counted
 * (garbage collection would delete them) and `pins.rm` finds no pin to
 * remove. This checks the pin record, so a half-made pin reads as not pinned
 * and {@link pinDag} completes it.
 */
export async function hasPin (helia: Helia, root: CID, options: AbortOptions = {}): Promise<boolean> {
  try {
    await helia.pins.get(root, options)
    return true
  } catch (err) {
    if ((err as Error).name === 'NotFoundError') return false
    throw err
  }
}

/**
 * Remove the recursive pin of `root`, including a half-made one left by a
 * killed `pins.add` (it is completed first, which only counts the blocks it
 * had not reached, then removed as a whole).
 *
 * @returns whether there was anything to unpin
 */
export async function unpinDag (helia: Helia, root: CID, options: AbortOptions = {}): Promise<boolean> {
  if (!(await hasPin(helia, root, options))) {
    if (!(await helia.pins.isPinned(root, options))) return false
    // local blocks only: what a half-made pin reached is here, and what it did not reach was never counted
    for await (const _ of helia.pins.add(root, { ...options, offline: true } as any)) {
      // completing the half-made pin
    }
  }
  for await (const _ of helia.pins.rm(root, options)) {
    // unpinning walks the DAG
  }
  return true
}

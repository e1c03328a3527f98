import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { car } from '@helia/car'
import { CarBlockIterator } from '@ipld/car'
import { InvalidCarError, SourceNotFoundError } from './errors.js'
import { pinDag } from './pin-dag.js'
import type { ProgressOptions } from './progress.js'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link importCar} */
export interface ImportCarOptions extends AbortOptions, ProgressOptions {}

/** What a CAR import produced */
export interface ImportCarResult {
  /** The CAR's (single) root */
  cid: CID
  blocks: number
  bytes: number
}

async function * verifiedBlocks (helia: Helia, file: string, signal?: AbortSignal): AsyncGenerator<{ cid: CID, bytes: Uint8Array }> {
  let iterator: CarBlockIterator
  try {
    iterator = await CarBlockIterator.fromIterable(createReadStream(file, { signal }) as AsyncIterable<Uint8Array>)
  } catch (err) {
    throw new InvalidCarError(`"${file}" is not a valid CAR file: ${(err as Error).message}`, { cause: err })
  }
  let n = 0
  try {
    for await (const block of iterator) {
      n++
      const hasher = await helia.getHasher(block.cid.multihash.code)
      const digest = await hasher.digest(block.bytes)
      if (!equals(digest.digest, block.cid.multihash.digest)) {
        throw new InvalidCarError(`"${file}" is corrupt: block ${n} (${block.cid.toString()}) does not match its hash`)
      }
      yield block
    }
  } catch (err) {
    if ((err as Error).name === 'InvalidCarError') throw err
    throw new InvalidCarError(`"${file}" is truncated or corrupt after ${n} blocks: ${(err as Error).message}`, { cause: err })
  }
}

function equals (a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Import a CAR file (one root) into the node and pin its DAG. The whole file
 * is read and every block checked against its CID before any block is stored,
 * then the DAG is checked for completeness while pinning, so a corrupt or
 * truncated CAR never leaves a half-imported corpus registered.
 *
 * @throws {SourceNotFoundError} when the file is missing
 * @throws {InvalidCarError} when it is malformed, truncated, corrupt or incomplete
 */
export async function importCar (helia: Helia, file: string, options: ImportCarOptions = {}): Promise<ImportCarResult> {
  await stat(file).catch((err: Error) => {
    throw new SourceNotFoundError(`Cannot read "${file}": ${err.message}`, { cause: err })
  })
  // pass 1: validate every block
  let blocks = 0
  let bytes = 0
  for await (const block of verifiedBlocks(helia, file, options.signal)) {
    blocks++
    bytes += block.bytes.byteLength
  }
  const header = await CarBlockIterator.fromIterable(createReadStream(file, { signal: options.signal }) as AsyncIterable<Uint8Array>)
  const roots = await header.getRoots()
  const root = roots[0]
  if (roots.length !== 1 || root == null) {
    throw new InvalidCarError(`"${file}" must have exactly one root, it has ${roots.length}`)
  }
  // pass 2: store
  let stored = 0
  let storedBytes = 0
  await car(helia).import({
    blocks: () => (async function * () {
      for await (const block of verifiedBlocks(helia, file, options.signal)) {
        stored++
        storedBytes += block.bytes.byteLength
        options.onProgress?.({ type: 'corpora:import-car:block', blocks: stored, bytes: storedBytes })
        yield block
      }
    })()
  } as any, { signal: options.signal })
  try {
    await pinDag(helia, root, { signal: options.signal, offline: true, onProgress: options.onProgress })
  } catch (err) {
    if ((err as Error).name === 'BlockNotFoundError') {
      throw new InvalidCarError(`"${file}" is incomplete: ${(err as Error).message}`, { cause: err })
    }
    throw err
  }
  return { cid: root, blocks, bytes }
}

import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { CarBlockIterator } from '@ipld/car'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { InvalidCarError, SourceNotFoundError } from './errors.js'
import { pinDag } from './pin-dag.js'
import type { ProgressOptions } from './progress.js'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link importCar} */
export interface ImportCarOptions extends AbortOptions, ProgressOptions {
  /** Refuse a CAR with more blocks than this. @default no limit */
  maxBlocks?: number
  /** Refuse a CAR whose blocks hold more bytes than this. @default no limit */
  maxBytes?: number
}

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
    // the CAR libraries load with the first CAR, not with the corpora module
    const { CarBlockIterator } = await import('@ipld/car')
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
 * is read, every block checked against its CID, and the DAG checked complete
 * (every link in the CAR or already local) before any block is stored, so a
 * corrupt, truncated or incomplete CAR stores nothing.
 *
 * @throws {SourceNotFoundError} when the file is missing
 * @throws {InvalidCarError} when it is malformed, truncated, corrupt or incomplete
 */
export async function importCar (helia: Helia, file: string, options: ImportCarOptions = {}): Promise<ImportCarResult> {
  await stat(file).catch((err: Error) => {
    throw new SourceNotFoundError(`Cannot read "${file}": ${err.message}`, { cause: err })
  })
  // pass 1: validate every block and collect the links, so an incomplete DAG is refused before anything is stored
  let blocks = 0
  let bytes = 0
  const present = new Set<string>()
  const links = new Map<string, string>()
  for await (const block of verifiedBlocks(helia, file, options.signal)) {
    blocks++
    bytes += block.bytes.byteLength
    if (options.maxBlocks != null && blocks > options.maxBlocks) throw new InvalidCarError(`"${file}" has more than ${options.maxBlocks} blocks (the maxBlocks limit)`)
    if (options.maxBytes != null && bytes > options.maxBytes) throw new InvalidCarError(`"${file}" holds more than ${options.maxBytes} bytes of blocks (the maxBytes limit)`)
    present.add(block.cid.toString())
    if (block.cid.code === dagPb.code) {
      let node: dagPb.PBNode
      try {
        node = dagPb.decode(block.bytes)
      } catch (err) {
        throw new InvalidCarError(`"${file}" is corrupt: block ${block.cid.toString()} is not valid dag-pb: ${(err as Error).message}`, { cause: err })
      }
      for (const l of node.Links) if (!links.has(l.Hash.toString())) links.set(l.Hash.toString(), block.cid.toString())
    } else if (block.cid.code !== raw.code) {
      throw new InvalidCarError(`"${file}" holds block ${block.cid.toString()} with codec 0x${block.cid.code.toString(16)}; a corpus CAR holds UnixFS (dag-pb and raw) blocks only`)
    }
  }
  const { CarBlockIterator } = await import('@ipld/car')
  const header = await CarBlockIterator.fromIterable(createReadStream(file, { signal: options.signal }) as AsyncIterable<Uint8Array>)
  const roots = await header.getRoots()
  const root = roots[0]
  if (roots.length !== 1 || root == null) {
    throw new InvalidCarError(`"${file}" must have exactly one root, it has ${roots.length}`)
  }
  const needed = [[root.toString(), 'the header'] as const, ...links]
  for (const [cid, from] of needed) {
    if (present.has(cid)) continue
    if (await helia.blockstore.has(CID.parse(cid), { signal: options.signal })) continue
    throw new InvalidCarError(`"${file}" is incomplete: block ${cid} (linked from ${from === 'the header' ? 'the header as root' : from}) is neither in the CAR nor in the local store; nothing was stored`)
  }
  // pass 2: store
  let stored = 0
  let storedBytes = 0
  const { car } = await import('@helia/car')
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

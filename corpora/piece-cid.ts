import { createReadStream } from 'node:fs'
import { SourceNotFoundError } from './errors.js'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** The Filecoin piece commitment of a file (what a storage deal names) */
export interface PieceInfo {
  /** Piece CID v2 (FRC-0069: `bafkzcib…`, carries height and padding) */
  pieceCid: string
  /** Legacy piece CID v1 (CommP, `baga6ea4sea…`), what Lotus/Boost deal proposals take with `pieceSize` */
  commP: string
  /** Padded piece size in bytes (a power of two): the deal's piece size */
  paddedSize: number
  /** Bytes of payload hashed (the CAR file's size) */
  payloadSize: number
}

/**
 * Compute the Filecoin piece CID (CommP) and padded piece size of a file,
 * streaming it through the fr32-sha2-256-trunc254 binary-tree hasher of
 * `@web3-storage/data-segment`. The file is read once and never held whole.
 *
 * @throws {SourceNotFoundError} when the file cannot be read
 */
export async function computePieceCid (file: string, options: AbortOptions = {}): Promise<PieceInfo> {
  try {
    return await pieceOf(createReadStream(file, { signal: options.signal }) as AsyncIterable<Uint8Array>)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
      throw new SourceNotFoundError(`Cannot read "${file}": ${(err as Error).message}`, { cause: err })
    }
    throw err
  }
}

/**
 * The piece CID of the CAR of a local DAG (the bytes `exportCar` writes and
 * `quarry serve` answers at `/piece/{pieceCid}`), streamed without a file.
 */
export async function computeDagPieceCid (helia: Helia, root: CID, options: AbortOptions = {}): Promise<PieceInfo> {
  const { car } = await import('@helia/car')
  return pieceOf(car(helia).export(root, { signal: options.signal, offline: true }))
}

/** Stream bytes through the piece hasher */
async function pieceOf (bytes: AsyncIterable<Uint8Array>): Promise<PieceInfo> {
  // loaded on use: the piece hasher is not needed by any other command
  const [{ Piece }, { create: createPieceHasher }] = await Promise.all([import('@web3-storage/data-segment'), import('@web3-storage/data-segment/multihash')])
  const hasher = createPieceHasher()
  let payloadSize = 0
  for await (const chunk of bytes) {
    hasher.write(chunk)
    payloadSize += chunk.byteLength
  }
  const piece = Piece.fromDigest(hasher.digest())
  return {
    pieceCid: piece.link.toString(),
    commP: piece.toInfo().link.toString(),
    paddedSize: Number(piece.size),
    payloadSize
  }
}

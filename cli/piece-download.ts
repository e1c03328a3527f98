import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { parseNetworkOptions, retrievePiece, type FetchedPiece } from '../corpora/index.js'
import { corporaProgress } from './corpora-progress.js'
import { formatBytes } from './format.js'
import type { CliContext } from './context.js'

/** Flags of `corpus fetch --piece` and `index fetch --piece` */
export interface PieceFlags {
  piece: string
  provider?: string[]
  json?: boolean
}

/**
 * Download a piece for `corpus fetch --piece` / `index fetch --piece` into
 * the home's `tmp/`, checked against its piece CID, hand it to `use` (an
 * import), and remove it whatever happens. Prints the throughput and the
 * share of it spent hashing on stderr.
 */
export async function withPieceDownload<T> (ctx: CliContext, flags: PieceFlags, stallMs: number, signal: AbortSignal, use: (piece: FetchedPiece & { root: string }) => Promise<T>): Promise<T> {
  const p = corporaProgress('downloading piece', { quiet: flags.json === true, intervalMs: ctx.settings.progressIntervalMs })
  let piece: FetchedPiece | undefined
  try {
    piece = await retrievePiece(flags.piece, {
      dir: join(ctx.node.home.root, 'tmp'),
      providers: flags.provider ?? [],
      routers: parseNetworkOptions(ctx.settings.network).routers,
      stallMs,
      signal,
      onProgress: p.onProgress
    })
    p.stop()
    const mbps = piece.payloadSize / 1e6 / Math.max(piece.ms / 1000, 1e-3)
    if (flags.json !== true) process.stderr.write(`piece ${piece.pieceCid} from ${piece.provider}: ${formatBytes(piece.payloadSize)} in ${(piece.ms / 1000).toFixed(2)} s (${mbps.toFixed(1)} MB/s), hashing ${(piece.hashMs / 1000).toFixed(2)} s of it; piece CID checked\n`)
    return await use({ ...piece, root: await carRoot(piece.file) })
  } finally {
    p.stop()
    if (piece != null) await rm(piece.file, { force: true })
  }
}

/** The (first) root CID named in a CAR file's header */
async function carRoot (file: string): Promise<string> {
  const { CarBlockIterator } = await import('@ipld/car')
  const stream = createReadStream(file)
  try {
    const iterator = await CarBlockIterator.fromIterable(stream as AsyncIterable<Uint8Array>)
    return (await iterator.getRoots())[0]?.toString() ?? ''
  } finally {
    stream.destroy()
  }
}

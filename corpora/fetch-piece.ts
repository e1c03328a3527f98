import { open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { endpointError } from './endpoint-error.js'
import { ContentNotFoundError, FetchStalledError, InvalidCidError, PieceMismatchError } from './errors.js'
import type { ProgressOptions } from './progress.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link fetchPiece} */
export interface FetchPieceOptions extends AbortOptions, ProgressOptions {
  /** Folder the piece is downloaded into (a temporary file, removed on failure) */
  dir: string
  /** Give up when the provider sends nothing for this many milliseconds. @default 30000 */
  stallMs?: number
  /** `fetch` to use. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
}

/** A piece downloaded and checked against its piece CID */
export interface FetchedPiece {
  /** The piece's payload (the CAR), in `options.dir`: the caller imports and removes it */
  file: string
  pieceCid: string
  /** The provider URL it came from */
  provider: string
  /** Payload bytes (the piece CID's unpadded size less its padding) */
  payloadSize: number
  /** Milliseconds from the request to the last byte checked */
  ms: number
  /** Milliseconds of those spent in the piece hasher */
  hashMs: number
}

/**
 * The payload size a piece CID v2 commits to, and its unpadded piece size
 *
 * @throws {InvalidCidError} when `pieceCid` is not a piece CID v2
 */
export async function parsePieceCid (pieceCid: string): Promise<{ payloadSize: number, unpadded: number }> {
  const { Piece } = await import('@web3-storage/data-segment')
  let piece: { size: bigint, padding: bigint }
  try {
    piece = Piece.fromString(pieceCid)
  } catch (err) {
    throw new InvalidCidError(`"${pieceCid}" is not a piece CID v2 (bafkzcib…, FRC-0069); a CommP v1 (baga6ea4sea…) does not say the payload size: use the v2 CID \`quarry corpus export --piece\` prints`, { cause: err })
  }
  const unpadded = Number(piece.size) * 127 / 128
  return { payloadSize: unpadded - Number(piece.padding), unpadded }
}

/**
 * Download `{provider}/piece/{pieceCid}` (the Filecoin retrieval path PDP
 * providers serve), hashing the bytes through the piece-CID hasher
 * (`@web3-storage/data-segment`, CommP v2) while they stream to a temporary
 * file. The payload is the piece CID's payload size; bytes past it must be
 * the zero padding, and are dropped (unpadded). A mismatch deletes the file:
 * nothing reaches the blockstore.
 *
 * @throws {InvalidCidError} when `pieceCid` is not a piece CID v2
 * @throws {ContentNotFoundError} when the provider does not have the piece
 * @throws {PieceMismatchError} when the bytes do not hash to `pieceCid`
 * @throws {EndpointUnreachableError | FetchStalledError} when the provider cannot be reached or stops sending
 */
export async function fetchPiece (pieceCid: string, provider: string, options: FetchPieceOptions): Promise<FetchedPiece> {
  const { payloadSize, unpadded } = await parsePieceCid(pieceCid)
  const { create } = await import('@web3-storage/data-segment/multihash')
  const { Piece } = await import('@web3-storage/data-segment')
  const base = provider.replace(/\/$/, '')
  const url = `${base}/piece/${pieceCid}`
  const stallMs = options.stallMs ?? 30_000
  const stall = new AbortController()
  let timer = setTimeout(() => stall.abort(), stallMs)
  const touch = (): void => { clearTimeout(timer); timer = setTimeout(() => stall.abort(), stallMs) }
  const signal = options.signal == null ? stall.signal : AbortSignal.any([options.signal, stall.signal])
  const file = join(options.dir, `piece-${pieceCid}.${process.pid}.car`)
  const started = Date.now()
  const hasher = create()
  let hashMs = 0
  let received = 0
  const out = await open(file, 'w')
  try {
    const res = await (options.fetch ?? globalThis.fetch)(url, { signal })
    touch()
    if (res.status === 404) throw new ContentNotFoundError(`storage provider ${base} does not have piece ${pieceCid} (HTTP 404): ask the routing endpoint for another provider, or check the piece CID`, { endpoint: base })
    if (!res.ok || res.body == null) throw new ContentNotFoundError(`storage provider ${base} answered HTTP ${res.status} for piece ${pieceCid}: try again later or another provider`, { endpoint: base })
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      touch()
      const keep = chunk.subarray(0, Math.max(0, payloadSize - received))
      if (keep.byteLength < chunk.byteLength && (received + chunk.byteLength > unpadded || chunk.subarray(keep.byteLength).some(b => b !== 0))) {
        throw new PieceMismatchError(`storage provider ${base} sent more than the ${payloadSize} bytes piece ${pieceCid} holds: refused, nothing stored; try another provider`, { endpoint: base })
      }
      received += chunk.byteLength
      if (keep.byteLength === 0) continue
      const t = performance.now()
      hasher.write(keep)
      hashMs += performance.now() - t
      await out.write(keep)
      options.onProgress?.({ type: 'corpora:piece:bytes', bytes: Math.min(received, payloadSize), total: payloadSize })
    }
    const t = performance.now()
    const got = Piece.fromDigest(hasher.digest()).link.toString()
    hashMs += performance.now() - t
    if (got !== pieceCid) {
      throw new PieceMismatchError(`storage provider ${base} served bytes that hash to ${got}, not piece ${pieceCid}: refused, nothing stored; try another provider`, { endpoint: base })
    }
    return { file, pieceCid, provider: base, payloadSize, ms: Date.now() - started, hashMs }
  } catch (err) {
    await out.close().catch(() => {})
    await rm(file, { force: true })
    options.signal?.throwIfAborted()
    if (stall.signal.aborted) throw new FetchStalledError(`storage provider ${base} sent nothing for ${stallMs / 1000} s (stalled) while serving piece ${pieceCid}: try another provider, or a longer --timeout`, { cause: err, endpoint: base })
    throw endpointError(err, 'storage provider', base)
  } finally {
    clearTimeout(timer)
    await out.close().catch(() => {})
  }
}

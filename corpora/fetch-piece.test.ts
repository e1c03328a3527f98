import { createServer, type Server } from 'node:http'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { fetchPiece, parsePieceCid } from './fetch-piece.js'
import { refusedUrl } from '../test/helpers/refused-url.js'

/** The piece CID v2 of `bytes`, computed with data-segment itself */
async function pieceCidOf (bytes: Uint8Array): Promise<string> {
  const [{ Piece }, { create }] = await Promise.all([import('@web3-storage/data-segment'), import('@web3-storage/data-segment/multihash')])
  const hasher = create()
  hasher.write(bytes)
  return Piece.fromDigest(hasher.digest()).link.toString()
}

describe('fetchPiece', () => {
  const payload = new Uint8Array(100_000).map((_, i) => (i * 31) % 251)
  let served: Uint8Array = payload
  let server: Server
  let url: string
  let dir: string
  let pieceCid: string

  beforeAll(async () => {
    pieceCid = await pieceCidOf(payload)
    dir = await mkdtemp(join(tmpdir(), 'quarry-piece-unit-'))
    server = createServer((req, res) => {
      if (req.url !== `/piece/${pieceCid}`) return res.writeHead(404).end()
      res.writeHead(200).end(served)
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
    const a = server.address()
    url = `http://127.0.0.1:${typeof a === 'object' && a != null ? a.port : 0}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
    await rm(dir, { recursive: true, force: true })
  })

  it('parses the payload size a piece CID v2 commits to', async () => {
    const { payloadSize, unpadded } = await parsePieceCid(pieceCid)
    expect(payloadSize).toBe(payload.byteLength)
    expect(unpadded).toBeGreaterThanOrEqual(payloadSize)
    await expect(parsePieceCid('baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq')).rejects.toThrow(/not a piece CID v2/)
  })

  it('keeps the payload and drops the zero padding a provider may send after it', async () => {
    served = new Uint8Array([...payload, ...new Uint8Array(500)])
    const piece = await fetchPiece(pieceCid, url, { dir })
    expect(Buffer.from(await readFile(piece.file)).equals(Buffer.from(payload))).toBe(true)
    expect(piece.payloadSize).toBe(payload.byteLength)
    await rm(piece.file)
  })

  it('refuses bytes past the payload that are not padding, and a flipped byte, leaving no file', async () => {
    served = new Uint8Array([...payload, 1])
    await expect(fetchPiece(pieceCid, url, { dir })).rejects.toMatchObject({ name: 'PieceMismatchError', code: 'ERR_PIECE_MISMATCH' })
    served = payload.map((b, i) => i === 5 ? b ^ 1 : b)
    await expect(fetchPiece(pieceCid, url, { dir })).rejects.toMatchObject({ name: 'PieceMismatchError', endpoint: url })
    expect(await readdir(dir)).toEqual([])
  })

  it('names a provider without the piece (404) and one that refuses the connection', async () => {
    const other = await pieceCidOf(new Uint8Array([1, 2, 3]))
    await expect(fetchPiece(other, url, { dir })).rejects.toMatchObject({ name: 'ContentNotFoundError', message: expect.stringContaining(`storage provider ${url} does not have piece ${other} (HTTP 404)`) })
    const refused = await refusedUrl()
    await expect(fetchPiece(pieceCid, refused, { dir })).rejects.toMatchObject({ name: 'EndpointUnreachableError', message: expect.stringContaining(`storage provider ${refused} refused the connection (ECONNREFUSED)`) })
  })
})

import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Piece } from '@web3-storage/data-segment'
import { describe, it, expect } from 'vitest'
import { tempDir } from '../test/helpers/shared.js'
import { computePieceCid } from './piece-cid.js'

describe('computePieceCid', () => {
  it('streams a file into the same piece commitment as hashing it whole, with a power-of-two padded size', async () => {
    const t = await tempDir()
    try {
      // 1 MiB of varied bytes: many read-stream chunks, not aligned to 127-byte fr32 quads
      const bytes = new Uint8Array(1024 * 1024 + 17).map((_, i) => (i * 31 + (i >> 9)) & 0xff)
      const file = join(t.dir, 'x.car')
      await writeFile(file, bytes)
      const info = await computePieceCid(file)
      const whole = Piece.fromPayload(bytes)
      expect(info.pieceCid).toBe(whole.link.toString())
      expect(info.pieceCid.startsWith('bafkzcib')).toBe(true)
      expect(info.commP.startsWith('baga6ea4sea')).toBe(true)
      expect(info.payloadSize).toBe(bytes.byteLength)
      // fr32 expands 127 bytes to 128, then the tree rounds up to a power of two
      expect(info.paddedSize).toBe(2 * 1024 * 1024)
      expect(Math.log2(info.paddedSize) % 1).toBe(0)
      // one changed byte gives another piece
      bytes[12345] = (bytes[12345] ?? 0) ^ 1
      await writeFile(file, bytes)
      expect((await computePieceCid(file)).pieceCid).not.toBe(info.pieceCid)
    } finally {
      await t.cleanup()
    }
  })

  it('names the missing file', async () => {
    await expect(computePieceCid('/nonexistent/q.car')).rejects.toMatchObject({ name: 'SourceNotFoundError', message: expect.stringContaining('/nonexistent/q.car') })
  })
})

import { describe, it, expect } from 'vitest'
import { chunkCid } from '../chunking/chunk-cid.js'
import { decodeChunkBytes, decodeChunks, encodeChunks, encodeChunksUtf8 } from './chunk-store.js'
import type { Chunk } from '../chunk.js'

async function chunk (text: string, extra: Partial<Chunk> = {}): Promise<Chunk> {
  return {
    chunkCid: await chunkCid(text),
    docCid: await chunkCid('the whole document'),
    path: 'basics/intro.md',
    title: 'Intro',
    byteStart: 0,
    byteEnd: Buffer.byteLength(text),
    text,
    ...extra
  }
}

describe('encodeChunks / decodeChunks', () => {
  it('round-trips chunks, one JSON line each with positional ids', async () => {
    const chunks = [
      await chunk('Line one\nline two "quoted" 💾 文件', { headings: ['A', 'B'] }),
      await chunk('Page text\u2028with a line separator', { page: 3 }),
      await chunk('plain')
    ]
    const jsonl = encodeChunks(chunks)
    expect(jsonl.split('\n')).toHaveLength(4)
    expect(JSON.parse(jsonl.split('\n')[1] ?? '')).toMatchObject({ id: 1, page: 3, chunkCid: chunks[1]?.chunkCid.toString() })
    const decoded = decodeChunks(jsonl)
    expect(decoded).toHaveLength(3)
    decoded.forEach((got, i) => {
      const want = chunks[i]
      expect(got.chunkCid.equals(want?.chunkCid)).toBe(true)
      expect(got.docCid.equals(want?.docCid)).toBe(true)
      expect({ ...got, chunkCid: null, docCid: null }).toEqual({ ...want, chunkCid: null, docCid: null })
    })
    expect('headings' in (decoded[2] ?? {})).toBe(false)
    expect(decodeChunks('')).toEqual([])
  })

  it('throws InvalidIndexError naming the malformed line', async () => {
    const lines = encodeChunks([await chunk('first chunk'), await chunk('second chunk')]).split('\n')
    const second = JSON.parse(lines[1] ?? '')
    const bad = (patch: Record<string, unknown>): string => [lines[0], JSON.stringify({ ...second, ...patch })].join('\n')
    for (const input of [
      bad({ chunkCid: 'not-a-cid' }),
      bad({ docCid: 42 }),
      bad({ byteEnd: -1 }),
      bad({ byteStart: 100, byteEnd: 5 }),
      bad({ text: null }),
      bad({ headings: [1] }),
      bad({ page: 'one' }),
      bad({ id: 0 }),
      `${lines[0]}\n{"id": 1,`,
      `${lines[0]}\n[]`
    ]) {
      expect(() => decodeChunks(input)).toThrow(expect.objectContaining({ name: 'InvalidIndexError', message: expect.stringContaining('line 2') }))
    }
  })

  it('parses chunk CIDs as CID.parse does: the same CIDs, the same strings refused', async () => {
    const { CID } = await import('multiformats/cid')
    const good = await chunk('some text')
    const v1 = good.chunkCid.toString()
    const v0 = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG'
    const raw = CID.createV1(0x55, good.chunkCid.multihash).toString()
    for (const value of [v1, v0, raw, `${v1}a`, `${v1.slice(0, -1)}7`, v1.toUpperCase(), `${v1.slice(0, 10)}1${v1.slice(11)}`, 'b', 'bafy', `z${v1.slice(1)}`]) {
      let want: string | undefined
      try {
        want = CID.parse(value).toString()
      } catch {
        want = undefined
      }
      const line = JSON.stringify({ ...JSON.parse(encodeChunks([good]).trim()), chunkCid: value })
      let got: string | undefined
      try {
        got = decodeChunks(line)[0]?.chunkCid.toString()
      } catch (err) {
        expect(err).toMatchObject({ name: 'InvalidIndexError' })
        got = undefined
      }
      expect(got, value).toBe(want)
    }
  })

  it('gives chunk CIDs that read, spread, compare and are replaced as plain properties (decoded on first read)', async () => {
    const original = await chunk('a passage')
    const [decoded] = decodeChunks(encodeChunks([original]))
    if (decoded == null) throw new Error('no chunk')
    expect(Object.keys(decoded)[0]).toBe('chunkCid')
    const copy = { ...decoded }
    expect(copy.chunkCid.equals(original.chunkCid)).toBe(true)
    expect(decoded.chunkCid).toBe(copy.chunkCid)
    expect(decoded).toEqual(original)
    expect(JSON.parse(JSON.stringify(decoded)).chunkCid).toEqual(JSON.parse(JSON.stringify(original)).chunkCid)
    const [other] = decodeChunks(encodeChunks([original]))
    if (other == null) throw new Error('no chunk')
    other.chunkCid = original.docCid
    expect(other.chunkCid).toBe(original.docCid)
  })

  it('writes the same bytes in parts as in one string', async () => {
    const chunks = await Promise.all(['a', 'b 💾', 'c', 'd', 'e'].map(async t => chunk(t)))
    const parts = [...encodeChunksUtf8(chunks, 2)]
    expect(parts).toHaveLength(3)
    expect(Buffer.concat(parts).toString('utf8')).toBe(encodeChunks(chunks))
    expect([...encodeChunksUtf8([])]).toEqual([])
  })
})

describe('decodeChunkBytes', () => {
  it('decodes chunks.jsonl from its bytes or its parts (cut inside lines and inside UTF-8 sequences) as decodeChunks does', async () => {
    const chunks = await Promise.all(['Line one 💾 文件', 'deux: café', 'three'].map(async (t, i) => chunk(t.repeat(i + 1), i === 1 ? { page: 2 } : {})))
    const jsonl = encodeChunks(chunks)
    const bytes = new TextEncoder().encode(jsonl)
    const want = encodeChunks(decodeChunks(jsonl))
    expect(encodeChunks(decodeChunkBytes(bytes))).toBe(want)
    for (const size of [1, 7, 100]) {
      const parts: Uint8Array[] = []
      for (let at = 0; at < bytes.byteLength; at += size) parts.push(bytes.slice(at, at + size))
      expect(encodeChunks(decodeChunkBytes(parts))).toBe(want)
    }
    expect(decodeChunkBytes([])).toEqual([])
    expect(() => decodeChunkBytes([bytes.subarray(0, 20), new TextEncoder().encode('\n{"id": 1,')])).toThrow(expect.objectContaining({ name: 'InvalidIndexError', message: expect.stringContaining('line 1') }))
  })
})

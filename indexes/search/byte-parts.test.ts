import { describe, it, expect } from 'vitest'
import { PartsReader, partsPrefix, partsSlice, sameBytes, type ByteParts } from './byte-parts.js'
import { ByteReader, ByteWriter } from './byte-codec.js'
import { createLexicalIndex, isLegacyLexicalIndex, loadLexicalIndex } from './lexical-index.js'
import { createHnswIndex, deferredHnswIndex, loadHnswIndex } from './hnsw-index.js'
import { validateHnswFile } from './hnsw-file.js'
import { seededRandom } from '../fusion/choose-dense-weight.js'

/** `bytes` cut every `size` bytes, as a file pinned in parts of `size` reads back */
function cut (bytes: Uint8Array, size: number): ByteParts {
  const parts: Uint8Array[] = []
  for (let at = 0; at < bytes.byteLength; at += size) parts.push(bytes.slice(at, at + size))
  return parts
}

describe('ByteParts', () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256)

  it('slices, prefixes and windows across part boundaries as over one buffer', () => {
    for (const size of [1, 3, 64, 999, 1000, 4096]) {
      const parts = cut(bytes, size)
      expect(partsSlice(parts, 5, 300)).toEqual(bytes.subarray(5, 300))
      expect(partsPrefix(parts, 70)).toEqual(bytes.subarray(0, 70))
      const reader = new PartsReader(parts)
      expect(reader.byteLength).toBe(1000)
      const whole = new DataView(bytes.buffer)
      for (const at of [0, 62, 63, 500, 992, 12, 996]) {
        const { view, offset } = reader.window(at, 4)
        expect(view.getUint32(offset, true)).toBe(whole.getUint32(at, true))
      }
      expect(() => reader.window(998, 4)).toThrow(RangeError)
    }
  })

  it('compares parts with bytes in pieces of other sizes, without joining them', async () => {
    const parts = cut(bytes, 64)
    expect(await sameBytes(parts, cut(bytes, 100))).toBe(true)
    expect(await sameBytes(parts, [bytes])).toBe(true)
    expect(await sameBytes(parts, [bytes.subarray(0, 999)])).toBe(false)
    expect(await sameBytes(parts, [bytes, new Uint8Array(1)])).toBe(false)
    const other = bytes.slice()
    other[640] = (other[640] as number) ^ 1
    expect(await sameBytes(parts, cut(other, 7))).toBe(false)
    expect(await sameBytes([], [])).toBe(true)
  })

  it('reads varints and byte runs that cross into the next part', () => {
    const w = new ByteWriter()
    const rand = seededRandom(7)
    const values = Array.from({ length: 2000 }, () => Math.floor(rand() * 2 ** (1 + Math.floor(rand() * 50))))
    for (const v of values) w.varint(v)
    w.bytes(new TextEncoder().encode('a run of bytes that crosses parts'))
    const pieces = w.take()
    const file = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0))
    let at = 0
    for (const p of pieces) { file.set(p, at); at += p.byteLength }
    for (const size of [1, 2, 5, 333, file.byteLength]) {
      const r = new ByteReader(cut(file, size))
      expect(values.map(() => r.varint())).toEqual(values)
      expect(new TextDecoder().decode(r.bytes(r.left))).toBe('a run of bytes that crosses parts')
      expect(() => r.varint()).toThrow(/truncated at byte/)
    }
    const started = new ByteReader(cut(file, 3), 1)
    expect(started.pos).toBe(1)
    expect(started.left).toBe(file.byteLength - 1)
  })
})

describe('index files in parts', () => {
  it('a lexical index loads from its parts with the same results as from one buffer', () => {
    const index = createLexicalIndex()
    const words = ['storage', 'deal', 'market', 'retrieval', 'sector', 'seal', 'proof', 'miner', 'client', 'piece']
    const rand = seededRandom(3)
    index.add(Array.from({ length: 300 }, (_, id) => ({ id, text: Array.from({ length: 12 }, () => words[Math.floor(rand() * words.length)]).join(' '), context: `doc ${id % 7}` })))
    const bytes = index.toBytes()
    for (const size of [1024, 97]) {
      const parts = cut(bytes, size)
      expect(parts.length).toBeGreaterThan(1)
      expect(isLegacyLexicalIndex(parts)).toBe(false)
      const loaded = loadLexicalIndex(parts)
      expect(loaded.toBytes()).toEqual(bytes)
      for (const q of ['storage deal', 'seal proof', 'doc 3 miner']) expect(loaded.search(q, 10)).toEqual(index.search(q, 10))
    }
    expect(() => loadLexicalIndex(cut(bytes.subarray(0, bytes.byteLength - 3), 100))).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
  })

  it('an HNSW file is checked and loaded from its parts (eager and deferred) with the same graph', async () => {
    const rand = seededRandom(11)
    const vectors = Array.from({ length: 400 }, () => Array.from({ length: 24 }, () => rand() - 0.5))
    const index = createHnswIndex({ dimensions: 24, capacity: 400 })
    index.add(vectors, vectors.map((_, i) => i))
    const bytes = await index.toBytes()
    const expectation = { count: 400, ids: 400, m: 16, efConstruction: 200 }
    for (const size of [1024, 4096, 333]) {
      const parts = cut(bytes, size)
      validateHnswFile(parts, { dimensions: 24, ...expectation })
      const init = { dimensions: 24, params: { ef: 64 }, expect: expectation }
      const loaded = await loadHnswIndex(parts, init)
      const deferred = deferredHnswIndex(parts, init)
      expect(deferred.size).toBe(400)
      for (const q of [vectors[3] ?? [], vectors[200] ?? []]) {
        expect(loaded.search(q, 10)).toEqual(index.search(q, 10))
        expect(deferred.search(q, 10)).toEqual(index.search(q, 10))
      }
      expect(Buffer.compare(await deferred.toBytes(), bytes)).toBe(0)
    }
    const broken = bytes.slice()
    // a link of node 5 past the graph, found in whichever part it lands
    new DataView(broken.buffer).setUint32(96 + 5 * (33 * 4 + 24 * 4 + 8) + 4, 9999, true)
    expect(() => { validateHnswFile(cut(broken, 1000), { dimensions: 24, ...expectation }) }).toThrow(/node 5 links to a node past the graph/)
    expect(() => { validateHnswFile(cut(bytes.subarray(0, bytes.byteLength - 1), 1000), { dimensions: 24, ...expectation }) }).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
  })
})

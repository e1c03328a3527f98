import { describe, it, expect } from 'vitest'
import { validateHnswFile } from './hnsw-file.js'
import { createHnswIndex, loadHnswIndex } from './hnsw-index.js'

const DIMS = 8
const N = 60

async function fileBytes (): Promise<Uint8Array> {
  const index = createHnswIndex({ dimensions: DIMS, capacity: N, m: 4, efConstruction: 20 })
  index.add(Array.from({ length: N }, (_, i) => Array.from({ length: DIMS }, (_, d) => Math.sin(i * 7 + d))), Array.from({ length: N }, (_, i) => i))
  return index.toBytes()
}

describe('validateHnswFile', () => {
  const expected = { dimensions: DIMS, count: N, m: 4, efConstruction: 20 }

  it('accepts the file hnswlib wrote, and the same build twice gives the same bytes', async () => {
    const a = await fileBytes()
    expect(() => validateHnswFile(a, expected)).not.toThrow()
    expect(Buffer.from(await fileBytes()).equals(Buffer.from(a))).toBe(true)
  })

  it('refuses files that do not match the manifest or are malformed, before the native load', async () => {
    const good = await fileBytes()
    const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength)
    const cases: Array<[string, (b: Uint8Array) => Uint8Array, RegExp]> = [
      ['count', b => { view(b).setBigUint64(16, BigInt(N + 1), true); return b }, /holds 61 vectors, the manifest says 60/],
      ['capacity', b => { view(b).setBigUint64(8, 2n ** 40n, true); return b }, /capacity/],
      ['M', b => { view(b).setBigUint64(72, 5n, true); return b }, /M is 5/],
      ['link past the graph', b => { view(b).setUint16(96, 1, true); view(b).setUint32(96 + 4, 9999, true); return b }, /links to a node past the graph/],
      ['link count', b => { view(b).setUint16(96, 200, true); return b }, /has 200 links/],
      ['not a number', b => { view(b).setFloat32(96 + (8 * 4 + 4), Number.NaN, true); return b }, /not a number/],
      ['truncated', b => b.subarray(0, b.byteLength - 3), /truncated|link lists/],
      ['trailing bytes', b => Uint8Array.from([...b, 0, 0, 0, 0]), /after the last link list|link lists/],
      ['short', b => b.subarray(0, 40), /shorter than the hnswlib header/]
    ]
    for (const [name, change, message] of cases) {
      const bytes = change(Uint8Array.from(good))
      expect(() => validateHnswFile(bytes, expected), name).toThrow(message)
      const err = await loadHnswIndex(bytes, { dimensions: DIMS, params: { ef: 10 }, expect: { count: N, m: 4, efConstruction: 20 } }).catch((e: Error) => e)
      expect((err as Error).name, name).toBe('InvalidIndexError')
    }
    expect(() => validateHnswFile(good, { ...expected, m: 8 })).toThrow(/element size/)
  })
})

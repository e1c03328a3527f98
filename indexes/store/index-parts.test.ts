import { describe, it, expect } from 'vitest'
import { checkPartBytes, DEFAULT_INDEX_PART_BYTES, MAX_INDEX_PART_BYTES, MIN_INDEX_PART_BYTES, partName, planParts } from './index-parts.js'

describe('index parts', () => {
  it('keeps a file that fits whole, and cuts a larger one into parts of exactly the part size, the last shorter', () => {
    expect(planParts('vectors', 4096, 4096)).toBeUndefined()
    expect(planParts('vectors', 10_000, 4096)).toEqual([
      { name: 'vectors.hnsw.0000', start: 0, end: 4096 },
      { name: 'vectors.hnsw.0001', start: 4096, end: 8192 },
      { name: 'vectors.hnsw.0002', start: 8192, end: 10_000 }
    ])
    expect(planParts('chunks', 2 * 4096, 4096)?.map(p => p.name)).toEqual(['chunks.jsonl.0000', 'chunks.jsonl.0001'])
    expect(partName('lexical.bin', 12_345)).toBe('lexical.bin.12345')
    // the synthetic 2.16 GiB HNSW file of bench/parts: three parts at the default size
    expect(planParts('vectors', 2_313_920_096, DEFAULT_INDEX_PART_BYTES)?.length).toBe(3)
  })

  it('accepts part sizes from 1 KiB to under 2 GiB', () => {
    expect(checkPartBytes(MIN_INDEX_PART_BYTES)).toBe(1024)
    expect(checkPartBytes(MAX_INDEX_PART_BYTES)).toBe(2 ** 31 - 1)
    for (const bad of [1023, 2 ** 31, 4096.5, Number.NaN]) expect(() => checkPartBytes(bad)).toThrow(RangeError)
  })
})

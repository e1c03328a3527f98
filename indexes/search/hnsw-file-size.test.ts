import { describe, it, expect } from 'vitest'
import { hnswFileBytes } from './hnsw-file-size.js'
import { createHnswIndex } from './hnsw-index.js'

describe('hnswFileBytes', () => {
  it('matches the size hnswlib writes (a small real index, and the 1M x 512-d file bench/scale wrote)', async () => {
    const index = createHnswIndex({ dimensions: 8, capacity: 500 })
    const vectors = Array.from({ length: 500 }, (_, i) => Array.from({ length: 8 }, (_, j) => Math.sin(i * 7 + j)))
    index.add(vectors, vectors.map((_, i) => i))
    const written = (await index.toBytes()).byteLength
    expect(Math.abs(hnswFileBytes(500, 8, 16) - written) / written).toBeLessThan(0.01)
    expect(Math.abs(hnswFileBytes(1_000_000, 512, 16) - 2_196_565_344)).toBeLessThan(100_000)
  })
})

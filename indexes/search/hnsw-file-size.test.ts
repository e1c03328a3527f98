import { describe, it, expect } from 'vitest'
import { checkHnswFileSize, hnswFileBytes, MAX_INDEX_FILE_BYTES } from './hnsw-file-size.js'
import { createHnswIndex } from './hnsw-index.js'

describe('hnswFileBytes / checkHnswFileSize', () => {
  it('matches the size hnswlib writes (a small real index, and the 1M x 512-d file bench/scale wrote)', async () => {
    const index = createHnswIndex({ dimensions: 8, capacity: 500 })
    const vectors = Array.from({ length: 500 }, (_, i) => Array.from({ length: 8 }, (_, j) => Math.sin(i * 7 + j)))
    index.add(vectors, vectors.map((_, i) => i))
    const written = (await index.toBytes()).byteLength
    expect(Math.abs(hnswFileBytes(500, 8, 16) - written) / written).toBeLessThan(0.01)
    expect(Math.abs(hnswFileBytes(1_000_000, 512, 16) - 2_196_565_344)).toBeLessThan(100_000)
  })

  it('refuses, before any embedding, an index whose HNSW file would pass 2 GiB, saying what fits', () => {
    expect(() => checkHnswFileSize(900_000, 512, 16)).not.toThrow()
    expect(() => checkHnswFileSize(1_000_000, 512, 16)).toThrow(expect.objectContaining({
      name: 'IndexTooLargeError',
      code: 'ERR_INDEX_TOO_LARGE',
      message: expect.stringMatching(/1000000 chunks with 512-d vectors needs a 2\.05 GiB HNSW file.*about 97\d{4} chunks at 512-d/)
    }))
    expect(hnswFileBytes(1_000_000, 32, 16)).toBeLessThan(MAX_INDEX_FILE_BYTES)
  })
})

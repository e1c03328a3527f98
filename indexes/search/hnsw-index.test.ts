import { describe, it, expect } from 'vitest'
import { createHnswIndex, deferredHnswIndex, exactSearch, HNSW_SEED, loadHnswIndex } from './hnsw-index.js'

/** Deterministic PRNG (mulberry32) so the recall test is reproducible */
function random (seed: number): () => number {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomVectors (count: number, dimensions: number, seed: number): number[][] {
  const next = random(seed)
  return Array.from({ length: count }, () => Array.from({ length: dimensions }, () => next() * 2 - 1))
}

describe('createHnswIndex', () => {
  const vectors = randomVectors(2000, 64, 1)
  const queries = randomVectors(100, 64, 2)

  it('reaches recall@10 >= 0.95 against exact search on 2,000 random 64-d vectors', () => {
    const index = createHnswIndex({ dimensions: 64, capacity: 2000 })
    index.add(vectors, vectors.map((_, i) => i))
    expect(index.size).toBe(2000)
    let found = 0
    for (const query of queries) {
      const truth = new Set(exactSearch(vectors, query, 10).map((h) => h.id))
      found += index.search(query, 10).filter((h) => truth.has(h.id)).length
    }
    const recall = found / (queries.length * 10)
    expect(recall).toBeGreaterThanOrEqual(0.95)
  })

  it('returns cosine similarity as the score, best first', () => {
    const index = createHnswIndex({ dimensions: 3, capacity: 4 })
    index.add([[1, 0, 0], [0, 1, 0], [1, 1, 0], [-1, 0, 0]], [10, 11, 12, 13])
    const hits = index.search([2, 0, 0], 4)
    expect(hits.map((h) => h.id)).toEqual([10, 12, 11, 13])
    expect(hits.map((h) => h.score)).toEqual([1, Math.SQRT1_2, 0, -1].map((s) => expect.closeTo(s, 5)))
    expect(index.search([1, 0, 0], 100)).toHaveLength(4)
    expect(index.search([1, 0, 0], 0)).toEqual([])
  })

  it('grows past its initial capacity', () => {
    const index = createHnswIndex({ dimensions: 64, capacity: 10 })
    index.add(vectors.slice(0, 8), [0, 1, 2, 3, 4, 5, 6, 7])
    index.add(vectors.slice(8, 50), vectors.slice(8, 50).map((_, i) => i + 8))
    expect(index.size).toBe(50)
    expect(index.params.maxElements).toBeGreaterThanOrEqual(50)
    expect(index.search(vectors[42] ?? [], 1)[0]).toEqual({ id: 42, score: expect.closeTo(1, 5) })
  })

  it('records its parameters', () => {
    const index = createHnswIndex({ dimensions: 8, capacity: 100, m: 8, ef: 32 })
    expect(index.params).toEqual({ m: 8, efConstruction: 200, ef: 32, maxElements: 100, seed: HNSW_SEED })
    expect(index.dimensions).toBe(8)
  })

  it('throws DimensionMismatchError for vectors of the wrong length', () => {
    const index = createHnswIndex({ dimensions: 4, capacity: 10 })
    expect(() => { index.add([[1, 2, 3]], [0]) }).toThrow(expect.objectContaining({ name: 'DimensionMismatchError' }))
    expect(() => index.search([1, 2], 1)).toThrow(expect.objectContaining({ name: 'DimensionMismatchError' }))
    expect(() => { index.add([[1, 2, 3, 4]], [0, 1]) }).toThrow(RangeError)
  })
})

describe('loadHnswIndex', () => {
  const vectors = randomVectors(300, 16, 3)

  it('round-trips through bytes, restoring parameters and ef from params', async () => {
    const index = createHnswIndex({ dimensions: 16, capacity: 300, m: 12, efConstruction: 100 })
    index.add(vectors, vectors.map((_, i) => i * 2))
    const bytes = await index.toBytes()
    const loaded = await loadHnswIndex(bytes, { dimensions: 16, params: { ...index.params, ef: 128 } })
    expect(loaded.size).toBe(300)
    expect(loaded.params).toEqual({ m: 12, efConstruction: 100, ef: 128, maxElements: 300, seed: HNSW_SEED })
    const query = vectors[7] ?? []
    expect(loaded.search(query, 5)).toEqual(index.search(query, 5))
    expect(loaded.search(query, 1)[0]?.id).toBe(14)
    loaded.add([query], [9999])
    expect(loaded.size).toBe(301)
  })

  it('rejects another dimension count and truncated bytes', async () => {
    const index = createHnswIndex({ dimensions: 16, capacity: 300 })
    index.add(vectors, vectors.map((_, i) => i))
    const bytes = await index.toBytes()
    await expect(loadHnswIndex(bytes, { dimensions: 32, params: { ef: 64 } })).rejects.toMatchObject({ name: 'DimensionMismatchError' })
    await expect(loadHnswIndex(bytes.subarray(0, bytes.length / 2), { dimensions: 16, params: { ef: 64 } })).rejects.toMatchObject({ name: 'InvalidIndexError' })
    await expect(loadHnswIndex(new Uint8Array(10), { dimensions: 16, params: { ef: 64 } })).rejects.toMatchObject({ name: 'InvalidIndexError' })
  })
})

describe('deferredHnswIndex', () => {
  const vectors = randomVectors(300, 16, 5)

  it('checks the bytes at once, loads them on first use, and then behaves as loadHnswIndex', async () => {
    const index = createHnswIndex({ dimensions: 16, capacity: 400, m: 12, efConstruction: 100 })
    index.add(vectors, vectors.map((_, i) => i * 2))
    const bytes = await index.toBytes()
    const init = { dimensions: 16, params: { ef: 128 }, expect: { count: 300, ids: 600, m: 12, efConstruction: 100 } }
    const deferred = deferredHnswIndex(bytes, init)
    const loaded = await loadHnswIndex(bytes, init)
    // from the header, before the native load
    expect(deferred.size).toBe(300)
    expect(deferred.params).toEqual(loaded.params)
    const query = vectors[9] ?? []
    expect(deferred.search(query, 5)).toEqual(loaded.search(query, 5))
    expect(deferred.similarity(query, [18, 3])).toEqual(loaded.similarity(query, [18, 3]))
    expect(deferred.params).toEqual(loaded.params)
    expect(Buffer.compare(await deferred.toBytes(), bytes)).toBe(0)
    deferred.add([query], [9999])
    expect(deferred.size).toBe(301)
    expect(() => deferredHnswIndex(bytes, { ...init, dimensions: 32 })).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
    expect(() => deferredHnswIndex(bytes, { dimensions: 32, params: { ef: 64 } })).toThrow(expect.objectContaining({ name: 'DimensionMismatchError' }))
    expect(() => deferredHnswIndex(bytes.subarray(0, bytes.length / 2), { dimensions: 16, params: { ef: 64 } })).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
  })
})

describe('exactSearch', () => {
  it('ranks by cosine similarity with ties broken by id', () => {
    expect(exactSearch([[0, 1], [1, 0], [2, 0], [1, 1]], [1, 0], 3)).toEqual([
      { id: 1, score: 1 }, { id: 2, score: 1 }, { id: 3, score: expect.closeTo(Math.SQRT1_2, 10) }
    ])
  })
})

import { describe, it, expect } from 'vitest'
import { fuseConvex } from './convex-fusion.js'

const pool = [
  { id: 1, lexical: 9, dense: 0.1 },
  { id: 2, lexical: 5, dense: 0.9 },
  { id: 3, lexical: 4, dense: 0.5 },
  { id: 4, lexical: 0, dense: 0.8 }
]

describe('fuseConvex', () => {
  it('ranks as BM25 at weight 0 and as cosine at weight 1', () => {
    expect(fuseConvex(pool, 0).map(r => r.id)).toEqual([1, 2, 3, 4])
    expect(fuseConvex(pool, 1).map(r => r.id)).toEqual([2, 4, 3, 1])
  })

  it('combines z-scores convexly', () => {
    const z = (xs: number[], x: number): number => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length)
      return (x - m) / sd
    }
    const lex = pool.map(c => c.lexical)
    const dense = pool.map(c => c.dense)
    const fused = new Map(fuseConvex(pool, 0.3).map(r => [r.id, r.score]))
    for (const c of pool) expect(fused.get(c.id)).toBeCloseTo(0.7 * z(lex, c.lexical) + 0.3 * z(dense, c.dense), 12)
  })

  it('takes moments from the stats pool, gives a missing cosine the lowest one, and breaks ties by id', () => {
    const withMissing = [{ id: 5, lexical: 1 }, { id: 6, lexical: 1, dense: 0.2 }, { id: 7, lexical: 1, dense: 0.6 }]
    const fused = fuseConvex(withMissing, 0.5)
    expect(fused.map(r => r.id)).toEqual([7, 5, 6])
    expect(fused[1]?.score).toBeCloseTo(fused[2]?.score ?? NaN, 12)
    const stats = fuseConvex(pool, 0.5, pool.slice(0, 2))
    expect(stats.find(r => r.id === 1)?.score).toBeCloseTo(0.5 * 1 + 0.5 * -1, 12)
    expect(() => fuseConvex(pool, 1.5)).toThrow(RangeError)
  })
})

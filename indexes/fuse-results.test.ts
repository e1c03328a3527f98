import { describe, it, expect } from 'vitest'
import { fuseResults } from './fuse-results.js'

const dense = [{ id: 1, score: 0.9 }, { id: 2, score: 0.8 }, { id: 3, score: 0.7 }]
const lexical = [{ id: 3, score: 12 }, { id: 4, score: 9 }, { id: 1, score: 3 }]

describe('fuseResults', () => {
  it('sums reciprocal ranks with k = 60', () => {
    const fused = fuseResults([dense, lexical])
    expect(fused.map((r) => r.id)).toEqual([1, 3, 2, 4])
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 63, 12)
    expect(fused[1]?.score).toBeCloseTo(1 / 63 + 1 / 61, 12)
    expect(fused[2]?.score).toBeCloseTo(1 / 62, 12)
    expect(fused[3]?.score).toBeCloseTo(1 / 62, 12)
  })

  it('breaks ties by ascending id whatever the input order', () => {
    expect(fuseResults([[{ id: 9, score: 1 }], [{ id: 5, score: 1 }]]).map((r) => r.id)).toEqual([5, 9])
    expect(fuseResults([[{ id: 5, score: 1 }], [{ id: 9, score: 1 }]]).map((r) => r.id)).toEqual([5, 9])
  })

  it('applies k, weights and limit, and counts an id once per list', () => {
    const fused = fuseResults([dense, [...lexical, { id: 3, score: 1 }]], { k: 0, weights: [1, 2], limit: 2 })
    expect(fused).toEqual([{ id: 3, score: 1 / 3 + 2 }, { id: 1, score: 1 + 2 / 3 }])
    expect(fuseResults([], {})).toEqual([])
    expect(() => fuseResults([dense], { weights: [1, 2] })).toThrow(RangeError)
  })
})

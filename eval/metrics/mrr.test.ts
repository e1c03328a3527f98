import { describe, it, expect } from 'vitest'
import { mrrAtK } from './mrr.js'

describe('mrrAtK', () => {
  const qrels = { a: 1, b: 3, c: 0 }

  it('is 1/rank of the first relevant document', () => {
    expect(mrrAtK(['b', 'a'], qrels, 10)).toBe(1)
    expect(mrrAtK(['c', 'x', 'a'], qrels, 10)).toBeCloseTo(1 / 3, 12)
  })

  it('is 0 when the first relevant document is below k', () => {
    expect(mrrAtK(['c', 'x', 'a'], qrels, 2)).toBe(0)
  })

  it('lets a duplicate take no extra rank', () => {
    expect(mrrAtK(['x', 'x', 'a'], qrels, 2)).toBe(0.5)
  })

  it('is 0 for empty results and for a query without relevant documents', () => {
    expect(mrrAtK([], qrels, 10)).toBe(0)
    expect(mrrAtK(['c'], { c: 0 }, 10)).toBe(0)
  })
})

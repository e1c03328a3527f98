import { describe, it, expect } from 'vitest'
import { recallAtK } from './recall.js'

describe('recallAtK', () => {
  const qrels = { a: 1, b: 2, c: 0, d: 1 }

  it('is the share of relevant documents in the top k', () => {
    expect(recallAtK(['a', 'x', 'b', 'd'], qrels, 3)).toBeCloseTo(2 / 3, 12)
    expect(recallAtK(['a', 'x', 'b', 'd'], qrels, 4)).toBe(1)
  })

  it('ignores grade-0 documents and counts duplicates once', () => {
    expect(recallAtK(['c', 'c', 'a'], qrels, 3)).toBeCloseTo(1 / 3, 12)
    expect(recallAtK(['a', 'a', 'a'], qrels, 3)).toBeCloseTo(1 / 3, 12)
  })

  it('is 0 for empty results and for a query without relevant documents', () => {
    expect(recallAtK([], qrels, 10)).toBe(0)
    expect(recallAtK(['a'], { a: 0 }, 10)).toBe(0)
  })

  it('rejects a bad k', () => {
    expect(() => recallAtK([], qrels, -1)).toThrow(RangeError)
  })
})

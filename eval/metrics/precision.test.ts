import { describe, it, expect } from 'vitest'
import { precisionAtK } from './precision.js'

describe('precisionAtK', () => {
  const qrels = { a: 1, b: 2, c: 0 }

  it('divides the relevant hits in the top k by k', () => {
    expect(precisionAtK(['a', 'c', 'b', 'x'], qrels, 2)).toBe(0.5)
    expect(precisionAtK(['a', 'c', 'b', 'x'], qrels, 4)).toBe(0.5)
  })

  it('still divides by k when fewer than k results came back (pytrec_eval P.k)', () => {
    expect(precisionAtK(['a'], qrels, 10)).toBe(0.1)
  })

  it('counts a duplicate once', () => {
    expect(precisionAtK(['a', 'a', 'b'], qrels, 2)).toBe(1)
  })

  it('is 0 for empty results and for a query without relevant documents', () => {
    expect(precisionAtK([], qrels, 5)).toBe(0)
    expect(precisionAtK(['a', 'b'], {}, 5)).toBe(0)
  })
})

import { describe, it, expect } from 'vitest'
import { ndcgAtK } from './ndcg.js'

// log2(3) = 1.584962500721156; 1/log2(3) = 0.6309297535714575
describe('ndcgAtK', () => {
  const qrels = { d1: 2, d2: 1, d3: 0, d4: -1, d5: 1 }

  it('uses linear gain, log2(rank+1) discount and the ideal from sorted grades', () => {
    // DCG@3 = 0/1 + 2/log2(3) + 1/log2(4) = 1.7618595071429148
    // IDCG@3 (grades 2,1,1) = 2 + 1/log2(3) + 1/2 = 3.1309297535714578
    expect(ndcgAtK(['d3', 'd1', 'd2', 'd9'], qrels, 3)).toBeCloseTo(0.5627272554209044, 12)
  })

  it('is linear in the grade, not 2^rel − 1', () => {
    // linear: (1 + 2/log2 3) / (2 + 1/log2 3) = 0.8597…; exponential would give 0.7967…
    expect(ndcgAtK(['b', 'a'], { a: 2, b: 1 }, 2)).toBeCloseTo(0.8597186998521972, 12)
  })

  it('is 1 for an ideal ranking, whichever order tied grades come in', () => {
    expect(ndcgAtK(['d1', 'd2', 'd5'], qrels, 3)).toBeCloseTo(1, 12)
    expect(ndcgAtK(['d1', 'd5', 'd2'], qrels, 3)).toBeCloseTo(1, 12)
    expect(ndcgAtK(['d1', 'd5'], qrels, 2)).toBeCloseTo(1, 12)
  })

  it('treats grades ≤ 0 as non-relevant', () => {
    expect(ndcgAtK(['d3', 'd4'], qrels, 10)).toBe(0)
  })

  it('counts a duplicated document once and does not let it take a second slot', () => {
    // deduped top-2 is [d2, d1]: same as ['d2', 'd1'] below
    expect(ndcgAtK(['d2', 'd2', 'd1'], { d1: 2, d2: 1 }, 2)).toBeCloseTo(0.8597186998521972, 12)
    expect(ndcgAtK(['d2', 'd2', 'd1'], { d1: 2, d2: 1 }, 2)).toBe(ndcgAtK(['d2', 'd1'], { d1: 2, d2: 1 }, 2))
  })

  it('is 0 for empty results and for a query without relevant documents', () => {
    expect(ndcgAtK([], qrels, 10)).toBe(0)
    expect(ndcgAtK(['d1'], {}, 10)).toBe(0)
    expect(ndcgAtK(['d1'], { d1: 0 }, 10)).toBe(0)
  })

  it('only looks at the first k results', () => {
    expect(ndcgAtK(['x', 'y', 'd1'], { d1: 1 }, 2)).toBe(0)
    // single relevant at rank 3: 1/log2(4) / 1
    expect(ndcgAtK(['x', 'y', 'd1'], { d1: 1 }, 3)).toBeCloseTo(0.5, 12)
  })

  it('rejects a k that is not a positive integer', () => {
    expect(() => ndcgAtK(['a'], { a: 1 }, 0)).toThrow(RangeError)
    expect(() => ndcgAtK(['a'], { a: 1 }, 2.5)).toThrow(RangeError)
  })
})

import { describe, it, expect } from 'vitest'
import { auroc } from './auroc.js'

describe('auroc', () => {
  it('is 1 for a perfect ranking, 0.5 for ties, 0 for a reversed one, NaN without both classes', () => {
    expect(auroc([{ score: 0.9, positive: true }, { score: 0.1, positive: false }])).toBe(1)
    expect(auroc([{ score: 0.5, positive: true }, { score: 0.5, positive: false }])).toBe(0.5)
    expect(auroc([{ score: 0.1, positive: true }, { score: 0.9, positive: false }])).toBe(0)
    expect(auroc([{ score: 0.3, positive: true }, { score: 0.8, positive: true }, { score: 0.5, positive: false }])).toBe(0.5)
    expect(auroc([{ score: 0.3, positive: true }])).toBeNaN()
  })
})

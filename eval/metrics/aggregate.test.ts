import { describe, it, expect } from 'vitest'
import { mean, percentile, summarize } from './aggregate.js'

describe('mean', () => {
  it('averages and is NaN for nothing', () => {
    expect(mean([1, 2, 3, 6])).toBe(3)
    expect(mean([])).toBeNaN()
  })
})

describe('percentile', () => {
  it('interpolates linearly between ranks (numpy default)', () => {
    // rank 0.95 · 4 = 3.8 → 4 + 0.8 · (10 − 4)
    expect(percentile([10, 1, 3, 2, 4], 95)).toBeCloseTo(8.8, 12)
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5)
    expect(percentile([4, 1, 3], 0)).toBe(1)
    expect(percentile([4, 1, 3], 100)).toBe(4)
    expect(percentile([7], 95)).toBe(7)
  })

  it('handles ties and empty input', () => {
    expect(percentile([2, 2, 2, 5], 50)).toBe(2)
    expect(percentile([], 50)).toBeNaN()
  })

  it('rejects p outside 0–100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError)
    expect(() => percentile([1], -1)).toThrow(RangeError)
  })
})

describe('summarize', () => {
  it('gives mean, p50, p95, min, max and n, skipping undefined', () => {
    const s = summarize([4, undefined, 1, 2, 3, 10])
    expect(s).toMatchObject({ mean: 4, p50: 3, min: 1, max: 10, n: 5 })
    expect(s.p95).toBeCloseTo(8.8, 12)
  })

  it('does not reorder the input', () => {
    const values = [3, 1, 2]
    summarize(values)
    expect(values).toEqual([3, 1, 2])
  })

  it('is all NaN with n = 0 for no values', () => {
    const s = summarize([undefined])
    expect(s.n).toBe(0)
    expect(s.mean).toBeNaN()
    expect(s.p95).toBeNaN()
  })
})

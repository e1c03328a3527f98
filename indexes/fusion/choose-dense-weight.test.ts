import { describe, it, expect } from 'vitest'
import { bootstrapMean, chooseDenseWeight, seededRandom } from './choose-dense-weight.js'

const grid = [0, 0.25, 0.5]

describe('chooseDenseWeight', () => {
  it('keeps the best weight when its gain over lexical is clearly above 0', () => {
    const random = seededRandom(7)
    const rows = Array.from({ length: 80 }, () => { const base = random(); return [base, base + 0.1 + 0.02 * random(), base + 0.05] })
    const { denseWeight, calibration } = chooseDenseWeight(rows, 'ndcg@10', { grid })
    expect(denseWeight).toBe(0.25)
    expect(calibration.gain?.low).toBeGreaterThan(0)
    expect(calibration.grid.map(g => g.denseWeight)).toEqual(grid)
    expect(calibration.queries).toBe(80)
  })

  it('falls back to 0 when the best weight wins by noise', () => {
    const random = seededRandom(3)
    const rows = Array.from({ length: 40 }, () => { const base = random(); return [base, base + (random() - 0.48) * 0.4, base - 0.1] })
    const { denseWeight, calibration } = chooseDenseWeight(rows, 'ndcg@10', { grid })
    expect(calibration.gain?.denseWeight).toBe(0.25)
    expect(calibration.gain?.low).toBeLessThanOrEqual(0)
    expect(denseWeight).toBe(0)
  })

  it('is 0 when lexical is best, and checks its input', () => {
    expect(chooseDenseWeight([[1, 0.5, 0], [0.5, 0.5, 0.5]], 'm', { grid }).denseWeight).toBe(0)
    expect(() => chooseDenseWeight([[1, 2]], 'm', { grid })).toThrow(RangeError)
    expect(() => chooseDenseWeight([[1, 2]], 'm', { grid: [0.5, 1] })).toThrow(RangeError)
  })
})

describe('bootstrapMean', () => {
  it('brackets the mean and is reproducible', () => {
    const values = [0.1, -0.05, 0.2, 0, 0.05, 0.15, -0.1, 0.3]
    const a = bootstrapMean(values, { seed: 5 })
    expect(a.mean).toBeCloseTo(0.08125, 12)
    expect(a.low).toBeLessThan(a.mean)
    expect(a.high).toBeGreaterThan(a.mean)
    expect(bootstrapMean(values, { seed: 5 })).toEqual(a)
  })
})

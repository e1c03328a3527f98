import { describe, it, expect } from 'vitest'
import { l2Normalize } from './l2-normalize.js'

describe('l2Normalize', () => {
  it('scales to unit length', () => {
    const v = l2Normalize(new Float32Array([3, 4]))
    expect(v[0]).toBeCloseTo(0.6)
    expect(v[1]).toBeCloseTo(0.8)
    expect(Array.isArray(v)).toBe(true)
  })

  it('returns zeros for a zero vector', () => {
    expect(l2Normalize([0, 0, 0])).toEqual([0, 0, 0])
  })
})

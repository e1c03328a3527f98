import { describe, it, expect } from 'vitest'
import { topK } from './top-k.js'

describe('topK', () => {
  it('keeps the first k distinct documents in order', () => {
    expect(topK(['a', 'b', 'a', 'c', 'd'], 3)).toEqual(['a', 'b', 'c'])
    expect(topK(['a'], 5)).toEqual(['a'])
    expect(topK([], 5)).toEqual([])
  })

  it('rejects k that is not a positive integer', () => {
    expect(() => topK(['a'], 0)).toThrow(RangeError)
    expect(() => topK(['a'], Number.NaN)).toThrow(RangeError)
  })
})

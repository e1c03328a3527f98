import { describe, it, expect } from 'vitest'
import { relevantDocs } from './qrels.js'

describe('relevantDocs', () => {
  it('keeps documents graded above 0', () => {
    expect([...relevantDocs({ a: 2, b: 0, c: -1, d: 1, e: Number.NaN })]).toEqual(['a', 'd'])
    expect(relevantDocs({}).size).toBe(0)
  })
})

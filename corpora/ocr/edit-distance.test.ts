import { describe, it, expect } from 'vitest'
import { editDistance } from './edit-distance.js'

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('same', 'same')).toBe(0)
    expect(editDistance('flaw', 'lawn')).toBe(2)
  })
})

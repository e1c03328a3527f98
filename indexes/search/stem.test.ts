import { stemmer } from 'stemmer'
import { describe, expect, it } from 'vitest'
import { stem } from './stem.js'

describe('stem', () => {
  it('gives the Porter stem, the same on a first and a remembered call', () => {
    const words = ['storage', 'providers', 'proving', 'sealed', 'happy', 'relational', 'sensibility', 'il6', '2024', 'a']
    for (const w of words) {
      expect(stem(w)).toBe(stemmer(w))
      expect(stem(w)).toBe(stemmer(w))
    }
  })
})

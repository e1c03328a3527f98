import { describe, it, expect } from 'vitest'
import { straySymbols } from './stray-symbols.js'

const w = (text: string, confidence: number): { text: string, confidence: number } => ({ text, confidence })

describe('straySymbols', () => {
  it('makes a lone symbol inside a low-confidence word a space and drops one at its edge', () => {
    const lines = [[w('YOU®MAY', 57), w('that«both', 15), w('Mexican»', 40), w('HAVE', 96)]]
    expect([...straySymbols(lines).values()].map(v => v.text)).toEqual(['YOU MAY', 'that both', 'Mexican'])
  })

  it('keeps symbols in confident words, symbols the page uses twice, and a symbol standing alone', () => {
    expect(straySymbols([[w('©1963', 95), w('U.S.A.®', 40)], [w('Brand®', 50)]]).size).toBe(0)
    expect(straySymbols([[w('©', 16), w('and', 60)]]).size).toBe(0)
  })
})

import { describe, it, expect } from 'vitest'
import { tokenF1 } from './token-f1.js'

describe('tokenF1', () => {
  it('computes SQuAD token F1 with multiplicity', () => {
    // pred: [cat, sat, on, mat] gold: [cat, sat, on, mat, today] → P = 1, R = 0.8
    expect(tokenF1('The cat sat on the mat.', 'A cat sat on the mat today')).toBeCloseTo(2 * 0.8 / 1.8, 12)
    // pred: [to, to, be] gold: [to, be] → same = 2, P = 2/3, R = 1 → F1 = 0.8
    expect(tokenF1('to to be', 'to be')).toBeCloseTo(0.8, 12)
  })

  it('removes citation markers from the prediction before scoring', () => {
    expect(tokenF1('FVM runs WASM [1]. It is on Filecoin [2, 3].', 'FVM runs WASM. It is on Filecoin.')).toBe(1)
    expect(tokenF1('Answer [12][3]', 'answer')).toBe(1)
  })

  it('ignores case, punctuation and the articles a/an/the', () => {
    expect(tokenF1('“An Apple!”', 'apple')).toBe(1)
    expect(tokenF1('the', 'a')).toBe(1)
  })

  it('is 0 without overlap and handles empty answers like SQuAD', () => {
    expect(tokenF1('dogs bark', 'cats meow')).toBe(0)
    expect(tokenF1('', '')).toBe(1)
    expect(tokenF1('the', 'something')).toBe(0)
    expect(tokenF1('something', '')).toBe(0)
  })
})

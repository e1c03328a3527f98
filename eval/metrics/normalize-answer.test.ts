import { describe, it, expect } from 'vitest'
import { answerTokens, normalizeAnswer, stripCitationMarkers } from './normalize-answer.js'

describe('normalizeAnswer', () => {
  it('lowercases, strips punctuation and articles, collapses whitespace', () => {
    expect(normalizeAnswer('  The  state-of-the-art, an (FVM)!  ')).toBe('stateoftheart fvm')
    expect(normalizeAnswer('It’s “quoted” — really')).toBe('its quoted really')
    expect(answerTokens('A an THE')).toEqual([])
  })

  it('strips [n] citation markers but keeps other brackets’ words', () => {
    expect(stripCitationMarkers('a [1] b [2,3] c [4-5] d [note]').replace(/\s+/g, ' ')).toBe('a b c d [note]')
  })
})

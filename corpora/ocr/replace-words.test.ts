import { describe, it, expect } from 'vitest'
import { replaceWords } from './replace-words.js'

describe('replaceWords', () => {
  it('replaces the mapped words where they occur in reading order and keeps spacing and line breaks', () => {
    const a = { text: 'the' }
    const b = { text: 'rr' }
    const c = { text: 'the' }
    const d = { text: 'end.' }
    const text = 'the  rr\nthe end.\n'
    expect(replaceWords(text, [[a, b], [c, d]], new Map([[b, { text: 'ASSOCIATED' }], [c, { text: 'THE' }]]))).toBe('the  ASSOCIATED\nTHE end.\n')
    expect(replaceWords(text, [[a, b], [c, d]], new Map())).toBe(text)
  })

  it('skips a word it cannot find and goes on with the next', () => {
    const a = { text: 'missing' }
    const b = { text: 'word' }
    expect(replaceWords('a word', [[a, b]], new Map([[b, { text: 'WORD' }]]))).toBe('a WORD')
  })
})

import { describe, it, expect } from 'vitest'
import { lowConfidenceInQuote } from './verify-derived-citation.js'

describe('lowConfidenceInQuote', () => {
  it('names the page\'s low-confidence words the quote holds as whole words, each once', () => {
    const page = [{ text: 'nor', confidence: 72 }, { text: 'UN', confidence: 60 }, { text: 'nor', confidence: 65 }, { text: 'minutes,', confidence: 55 }]
    expect(lowConfidenceInQuote("Mr. JOHNSON's speech, which took only 15 minutes, did nor\nimpress the UN delegates.", page))
      .toEqual([{ text: 'nor', confidence: 72 }, { text: 'UN', confidence: 60 }, { text: 'minutes,', confidence: 55 }])
    // "nor" inside "norm" is not the word read
    expect(lowConfidenceInQuote('the norm', page)).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { canonicalTerms, datesInWords } from './canonical-terms.js'
import { contentTerms } from './relevance.js'

describe('canonicalTerms', () => {
  it('reads an abbreviated month in a date as its month, and a two-digit year beside it as its year', () => {
    expect(contentTerms('Msg Nr: 17 Dec 63')).toEqual(contentTerms('Msg Nr: 17 December 1963'))
    expect(contentTerms('Sept. 30, 1998')).toEqual(contentTerms('September 30, 1998'))
  })

  it('leaves a word that only looks like a month, and a number that can be a day, alone', () => {
    expect(contentTerms('scratches mar the surface')).toContain('mar')
    expect(contentTerms('Dec 17')).toEqual(contentTerms('December 17'))
    expect(contentTerms('December 17')).not.toContain('1917')
    expect(contentTerms('page 63 of the report')).toContain('63')
  })

  it("reads a people's name as its country's, on both sides of a match", () => {
    expect(contentTerms('the Dutch report')).toEqual(contentTerms('the Netherlands report'))
    expect(contentTerms('Cuban embassy')).toEqual(contentTerms('Cuba embassy'))
  })

  it('keeps the number and order of terms', () => {
    const terms = ['17', 'dec', '63', 'cuban', 'storag']
    expect(canonicalTerms(terms)).toHaveLength(terms.length)
    expect(canonicalTerms(terms)[4]).toBe('storag')
  })

  it('writes dates in figures with the month\'s name, month first, day first only when it must be', () => {
    expect(datesInWords('Interview of 4/21/78 and memo of 04/13/1978.')).toBe('Interview of april 21 1978 and memo of april 13 1978.')
    expect(datesInWords('Dated 13/04/1978.')).toBe('Dated april 13 1978.')
    // no month either way, or no text with a slash at all: left alone
    expect(datesInWords('Ratio 13/14/2020.')).toBe('Ratio 13/14/2020.')
    expect(datesInWords('See docs/index.md')).toBe('See docs/index.md')
  })
})


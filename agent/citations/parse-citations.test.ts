import { describe, it, expect } from 'vitest'
import { parseCitations } from './parse-citations.js'

describe('parseCitations', () => {
  it('accepts [1], [1, 2] and [1][2] markers and strips them from the text', () => {
    const parsed = parseCitations('Storage deals are agreements between clients and providers [1]. They set the price and duration [1, 2]. Sectors hold the data [2][3].')
    expect(parsed).toEqual({
      notFound: false,
      sentences: [
        { text: 'Storage deals are agreements between clients and providers.', markers: [1] },
        { text: 'They set the price and duration.', markers: [1, 2] },
        { text: 'Sectors hold the data.', markers: [2, 3] }
      ]
    })
  })

  it('attaches markers written after the period to the sentence before', () => {
    expect(parseCitations('Deals are agreements. [1] Sectors are 32 GiB. [2][3]').sentences).toEqual([
      { text: 'Deals are agreements.', markers: [1] },
      { text: 'Sectors are 32 GiB.', markers: [2, 3] }
    ])
  })

  it('reads ranges, footnote, passage and full-width styles', () => {
    expect(parseCitations('A claim [2-4]. B claim [^1]. C claim [Passage 5]. D claim 【6】.').sentences.map(s => s.markers)).toEqual([[2, 3, 4], [1], [5], [6]])
  })

  it('keeps unmarked sentences with no markers and drops headings, think blocks and a sources list', () => {
    const parsed = parseCitations('<think>Maybe [9]?</think>\n## Answer\n\nDeals exist [1]. This one has no citation.\n\nSources:\n[1] storage-deals.md')
    expect(parsed.sentences).toEqual([{ text: 'Deals exist.', markers: [1] }, { text: 'This one has no citation.', markers: [] }])
  })

  it('recognises NOT_FOUND and empty replies', () => {
    expect(parseCitations('NOT_FOUND')).toEqual({ notFound: true, sentences: [] })
    expect(parseCitations('  NOT_FOUND.  The passages do not say.')).toEqual({ notFound: true, sentences: [] })
    expect(parseCitations('I am sorry, NOT_FOUND')).toEqual({ notFound: true, sentences: [] })
    expect(parseCitations('')).toEqual({ notFound: false, sentences: [] })
    expect(parseCitations('[1] [2]')).toEqual({ notFound: false, sentences: [] })
  })
})

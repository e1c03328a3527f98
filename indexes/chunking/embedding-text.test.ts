import { describe, it, expect } from 'vitest'
import { embeddingText } from './embedding-text.js'

describe('embeddingText', () => {
  it('prefixes title and heading path', () => {
    expect(embeddingText({ title: 'Lotus', headings: ['Getting started', 'Install'], text: 'Run make.' }))
      .toBe('Lotus › Getting started › Install\nRun make.')
  })

  it('does not repeat a first heading equal to the title', () => {
    expect(embeddingText({ title: 'Introduction to Filecoin', headings: ['Introduction to Filecoin', 'Storage'], text: 'Deals.' }))
      .toBe('Introduction to Filecoin › Storage\nDeals.')
    expect(embeddingText({ title: 'FAQ', headings: ['faq'], text: 'Q?' })).toBe('FAQ\nQ?')
  })

  it('works without headings or title', () => {
    expect(embeddingText({ title: 'Record 104-10004', text: 'Page text.' })).toBe('Record 104-10004\nPage text.')
    expect(embeddingText({ title: '', headings: [], text: 'Bare.' })).toBe('Bare.')
  })
})

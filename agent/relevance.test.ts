import { describe, it, expect } from 'vitest'
import { contentTerms, queryTerms, termHits, termOverlap } from './relevance.js'

describe('relevance helpers', () => {
  it('drops stopwords and question words and stems the rest', () => {
    expect(contentTerms('What are the storage deals of providers?')).toEqual(['storag', 'deal', 'provid'])
    expect(queryTerms('How do I store data, and store it well?')).toEqual(['store', 'data'])
    expect(contentTerms('Sectors are 32 GiB')).toEqual(['sector', '32', 'gib'])
  })

  it('measures the share of query terms found in a text', () => {
    const terms = queryTerms('What is a storage deal?')
    expect(termOverlap(terms, 'Storage deals are agreements.')).toBe(1)
    expect(termHits(terms, 'A deal was made.')).toBe(1)
    expect(termOverlap([], 'anything')).toBe(0)
  })
})


import { describe, it, expect } from 'vitest'
import { ENGLISH_STOPWORDS } from '../indexes/index.js'
import { STOPWORDS, contentTerms, queryTerms, termHits, termOverlap, words } from './relevance.js'

describe('relevance helpers', () => {
  it('drops stopwords and question words and stems the rest', () => {
    expect(contentTerms('What are the storage deals of providers?')).toEqual(['storag', 'deal', 'provid'])
    expect(queryTerms('How do I store data, and store it well?')).toEqual(['store', 'data'])
    expect(contentTerms('Sectors are 32 GiB')).toEqual(['sector', '32', 'gib'])
  })

  it('tokenizes as the search does (one tokenizer), with the longer stopword list', () => {
    // NFKC, possessive 's dropped, letter-digit tokens also split into their runs (one-letter runs dropped)
    expect(contentTerms("The miner's ＦＵＬＬ IL6 sectors")).toEqual(['miner', 'full', 'il6', 'il', '6', 'sector'])
    expect(queryTerms('What is an f1 address?')).toEqual(['f1', '1', 'address'])
    expect(words("Filecoin's FVM: eth_call/v1.2")).toEqual(['filecoin', 'fvm', 'eth', 'call', 'v1', '2'])
    for (const w of ENGLISH_STOPWORDS) expect(STOPWORDS.has(w)).toBe(true)
  })

  it('measures the share of query terms found in a text', () => {
    const terms = queryTerms('What is a storage deal?')
    expect(termOverlap(terms, 'Storage deals are agreements.')).toBe(1)
    expect(termHits(terms, 'A deal was made.')).toBe(1)
    expect(termOverlap([], 'anything')).toBe(0)
  })
})


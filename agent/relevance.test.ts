import { describe, it, expect } from 'vitest'
import { createUseEmbeddings, type SearchResult } from '../indexes/index.js'
import { MIN_DENSE_SCORE, STRONG_DENSE_SCORE, contentTerms, isRelevant, queryTerms, termHits, termOverlap } from './relevance.js'
import { HAS_FILECOIN_DOCS, createChunkSearch, loadFilecoinChunks, makeResult } from './test-fixtures/filecoin-results.js'

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

describe('isRelevant', () => {
  it('needs a passage sharing enough of the question and, when scored, a plausible dense score', async () => {
    const deal = await makeResult('Storage deals are agreements between a client and a storage provider.', { path: 'deals.md' })
    expect(isRelevant('What is a storage deal?', [deal])).toBe(true)
    expect(isRelevant('What is the recipe for chocolate cake?', [deal])).toBe(false)
    expect(isRelevant('What is a storage deal?', [])).toBe(false)
    // one shared word out of two is not enough
    expect(isRelevant('What is the storage capacity of a cupboard?', [deal])).toBe(false)
    // lexical match, but the dense index says the passage is about something else
    expect(isRelevant('What is a storage deal?', [{ ...deal, denseScore: MIN_DENSE_SCORE - 0.05 }])).toBe(false)
    // a paraphrase with no shared word but a strong dense score
    expect(isRelevant('How do customers hire someone to keep files?', [{ ...deal, denseScore: STRONG_DENSE_SCORE + 0.1 }])).toBe(true)
    expect(isRelevant('What is it?', [{ ...deal, denseScore: 0.3 }])).toBe(false)
  })

  it.skipIf(!HAS_FILECOIN_DOCS)('answers Filecoin questions and abstains on off-topic ones over BM25 results from the real docs', async () => {
    const search = createChunkSearch(await loadFilecoinChunks())
    for (const q of ['What is a storage deal?', 'What is Filecoin Plus?', 'What is a sector?', 'How does retrieval work?', 'What is collateral?']) {
      expect(isRelevant(q, search(q)), q).toBe(true)
    }
    for (const q of ['What is the recipe for chocolate cake?', 'Who won the 2018 football World Cup?', 'How do I train a puppy?', 'What are the symptoms of the flu?']) {
      expect(isRelevant(q, search(q)), q).toBe(false)
    }
  })

  it.skipIf(!HAS_FILECOIN_DOCS)('uses real Universal Sentence Encoder cosine scores', async () => {
    const chunks = (await loadFilecoinChunks(['basics/what-is-filecoin/storage-model.md', 'basics/what-is-filecoin/storage-market.md'])).filter(c => c.text.length > 80)
    const embedder = createUseEmbeddings()
    const vectors = await embedder.embedDocuments(chunks.map(c => c.text))
    const denseSearch = async (question: string): Promise<SearchResult[]> => {
      const q = await embedder.embedQuery(question)
      return chunks
        .map((chunk, i) => ({ chunk, score: (vectors[i] ?? []).reduce((sum, x, k) => sum + x * (q[k] ?? 0), 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 5)
        .map((r, i) => ({ ...r, rank: i + 1, denseScore: r.score }))
    }
    const deals = await denseSearch('What is a storage deal?')
    expect(deals[0]?.denseScore).toBeGreaterThan(MIN_DENSE_SCORE)
    expect(isRelevant('What is a storage deal?', deals)).toBe(true)
    const cake = await denseSearch('What is the recipe for chocolate cake?')
    expect(cake[0]?.denseScore).toBeLessThan(STRONG_DENSE_SCORE)
    expect(isRelevant('What is the recipe for chocolate cake?', cake)).toBe(false)
  })
})

import { describe, it, expect, beforeAll } from 'vitest'
import { bestCoverage, isAnswerable, questionCoverage, termStatistics } from './answerability.js'
import { queryTerms } from './relevance.js'
import { HAS_FILECOIN_DOCS, createChunkSearch, loadFilecoinChunks, makeResult } from './test-fixtures/filecoin-results.js'
import type { Chunk, SearchResult } from '../indexes/index.js'

describe('answerability', () => {
  it('weighs question terms by idf over the index, a term the corpus never uses weighing most', async () => {
    const deal = await makeResult('Storage deals are agreements between a client and a storage provider.', { path: 'deals.md' })
    const other = await makeResult('A storage provider seals sectors.', { path: 'sealing.md' })
    const stats = termStatistics([deal.chunk, other.chunk])
    expect(stats.chunks).toBe(2)
    expect(stats.df('storag')).toBe(2)
    expect(stats.df('deal')).toBe(1)
    expect(questionCoverage(queryTerms('What is a storage deal?'), deal.chunk, stats)).toBe(1)
    // "storage" is everywhere, "cupboard" nowhere: sharing the common word is not enough
    expect(questionCoverage(queryTerms('What is the storage capacity of a cupboard?'), deal.chunk, stats)).toBeLessThan(0.3)
    expect(isAnswerable('What is a storage deal?', [deal], { stats })).toBe(true)
    expect(isAnswerable('What is the storage capacity of a cupboard?', [deal], { stats })).toBe(false)
    expect(isAnswerable('What is a storage deal?', [], { stats })).toBe(false)
    expect(isAnswerable('What is it?', [deal], { stats })).toBe(false)
    // the floor is a setting of the index, not a constant of the embedder
    expect(isAnswerable('What is the storage capacity of a cupboard?', [deal], { stats, minKnown: 0, minCoverage: 0.1 })).toBe(true)
  })

  it('lets one unknown paraphrase word pass only when the rest of the question is matched closely in one passage', async () => {
    const cache = await makeResult('Sealed sectors are read randomly, so a read cache rarely helps storage systems.', { path: 'storage.md' })
    const seal = await makeResult('Storage providers seal sectors.', { path: 'seal.md' })
    const deals = await makeResult('Clients make deals with providers.', { path: 'deals.md' })
    const other = await makeResult('Wallets hold FIL.', { path: 'wallets.md' })
    const stats = termStatistics([cache.chunk, seal.chunk, deals.chunk, other.chunk])
    const q = 'Why is a read cache worthwhile for sealed sectors?'
    // "worthwhile" is unknown to the index: the vocabulary holds under 0.8 of the question's weight
    const terms = queryTerms(q)
    expect(stats.df('worthwhil')).toBe(0)
    const known = terms.filter(t => stats.df(t) > 0).length
    expect(known).toBe(terms.length - 1)
    expect(isAnswerable(q, [cache, seal], { stats })).toBe(true)
    // the same words, but no passage holds most of them: abstain
    expect(isAnswerable(q, [seal, deals], { stats })).toBe(false)
    // two unknown words weigh too much, however close the match
    expect(isAnswerable('Why is a read cache worthwhile for sealed sectors on a zeppelin?', [cache], { stats })).toBe(false)
    // without the relaxation, the unknown word alone abstains
    expect(isAnswerable(q, [cache, seal], { stats, minKnownMatched: 1 })).toBe(false)
  })

  it('never looks at dense scores, so it works the same when the dense weight is 0', async () => {
    const deal = await makeResult('Storage deals are agreements between a client and a storage provider.', { path: 'deals.md' })
    const withDense: SearchResult = { ...deal, denseScore: 0.05 }
    expect(isAnswerable('What is a storage deal?', [withDense])).toBe(isAnswerable('What is a storage deal?', [deal]))
  })

  describe.skipIf(!HAS_FILECOIN_DOCS)('on BM25 results from the real Filecoin docs', () => {
    let search: (q: string, k?: number) => SearchResult[] = () => []
    let chunks: Chunk[] = []
    beforeAll(async () => {
      chunks = await loadFilecoinChunks()
      search = createChunkSearch(chunks)
    })

    it('answers Filecoin questions and abstains on off-topic ones', () => {
      const stats = termStatistics(chunks)
      for (const q of ['What is a storage deal?', 'What is Filecoin Plus?', 'What is a sector?', 'How does retrieval work?', 'What is collateral?']) {
        expect(bestCoverage(q, search(q), stats), q).toBeGreaterThanOrEqual(0.5)
        expect(isAnswerable(q, search(q), { stats }), q).toBe(true)
      }
      for (const q of ['What is the recipe for chocolate cake?', 'Who won the 2018 football World Cup?', 'How do I train a puppy?', 'How does Cardano\'s Ouroboros protocol choose slot leaders?']) {
        expect(isAnswerable(q, search(q), { stats }), q).toBe(false)
      }
    })
  })
})

import { describe, it, expect } from 'vitest'
import { DEFAULT_BM25, createLexicalIndex, isLegacyLexicalIndex, loadLexicalIndex } from './lexical-index.js'
import { readLexicalHeader } from './lexical-file.js'
import { QUESTION_WORD_WEIGHT, weightedQueryTerms } from './bm25-postings.js'
import { createReferenceLexicalIndex } from './test-fixtures/format3-lexical-index.js'

/** Independent classic BM25 over hand-tokenised documents */
function bm25 (docs: string[][], query: string[], k1: number, b: number): number[] {
  const avgdl = docs.reduce((sum, d) => sum + d.length, 0) / docs.length
  return docs.map((doc) => {
    let score = 0
    for (const term of query) {
      const n = docs.filter((d) => d.includes(term)).length
      const tf = doc.filter((t) => t === term).length
      if (tf === 0) continue
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5))
      score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc.length / avgdl))
    }
    return score
  })
}

// "the"/"and"/"of" are stopwords and do not count towards document length; "cats" stems to "cat"
const texts = ['The cat and the dog chased cats', 'A dog of the bird', 'Fish, fish, fish; a bird and a cat!']
const tokens = [['cat', 'dog', 'chase', 'cat'], ['dog', 'bird'], ['fish', 'fish', 'fish', 'bird', 'cat']]

function expected (query: string[], k1: number, b: number): Array<{ id: number, score: number }> {
  return bm25(tokens, query, k1, b)
    .map((score, id) => ({ id, score }))
    .filter(({ score }) => score > 0)
    .sort((x, y) => y.score - x.score || x.id - y.id)
}

describe('createLexicalIndex', () => {
  it('scores with classic BM25 (default k1 and b, no pairs)', () => {
    const index = createLexicalIndex({ bigramWeight: 0 })
    index.add(texts.map((text, id) => ({ id, text })))
    expect(index.size).toBe(3)
    for (const [query, terms] of [['cats and birds', ['cat', 'bird']], ['fish', ['fish']], ['dog chasing the fish', ['dog', 'chase', 'fish']]] as const) {
      const hits = index.search(query, 10)
      const want = expected([...terms], DEFAULT_BM25.k1, DEFAULT_BM25.b)
      expect(hits.map((h) => h.id)).toEqual(want.map((h) => h.id))
      hits.forEach((hit, i) => { expect(hit.score).toBeCloseTo(want[i]?.score ?? NaN, 10) })
    }
  })

  it('counts repeated query terms like a bag of words and honours k1 and b', () => {
    const index = createLexicalIndex({ k1: 1.2, b: 0.75 })
    index.add(texts.map((text, id) => ({ id, text })))
    const hits = index.search('bird bird cat', 10)
    const want = expected(['bird', 'bird', 'cat'], 1.2, 0.75)
    expect(hits.map((h) => h.id)).toEqual(want.map((h) => h.id))
    hits.forEach((hit, i) => { expect(hit.score).toBeCloseTo(want[i]?.score ?? NaN, 10) })
  })

  it('weighs the words that frame a question a quarter: the subject decides, not "How do I"', () => {
    const index = createLexicalIndex({ bigramWeight: 0 })
    const docs = ['How do I make a deal? Use the client.', 'How do I retrieve data? Ask a provider.', 'Shut down the devnet with Ctrl-C.']
    index.add(docs.map((text, id) => ({ id, text })))
    expect(index.search('How do I shut down the devnet?', 3)[0]?.id).toBe(2)
    // each question word counts QUESTION_WORD_WEIGHT times in the query; the other terms once
    expect(weightedQueryTerms('How do I shut down the devnet?')).toEqual(new Map([['how', QUESTION_WORD_WEIGHT], ['do', QUESTION_WORD_WEIGHT], ['i', QUESTION_WORD_WEIGHT], ['shut', 1], ['down', 1], ['devnet', 1]]))
    // a pair holding one weighs the pair weight times the smaller of its terms' weights
    expect(weightedQueryTerms('do shut', 0.2).get('do shut')).toBeCloseTo(0.2 * QUESTION_WORD_WEIGHT, 12)
    expect(weightedQueryTerms('How do I shut down', 0.2, 1).get('how')).toBe(1)
  })

  it('limits to k, breaks ties by id and returns nothing for stopword-only queries', () => {
    const index = createLexicalIndex()
    index.add([{ id: 7, text: 'storage deal' }, { id: 3, text: 'storage deal' }, { id: 5, text: 'retrieval' }])
    expect(index.search('storage', 10).map((h) => h.id)).toEqual([3, 7])
    expect(index.search('storage', 1).map((h) => h.id)).toEqual([3])
    expect(index.search('the and of', 10)).toEqual([])
    expect(index.search('storage', 0)).toEqual([])
  })

  it('rejects invalid parameters', () => {
    expect(() => createLexicalIndex({ b: 2 })).toThrow(RangeError)
    expect(() => createLexicalIndex({ contextWeight: -1 })).toThrow(RangeError)
    expect(() => createLexicalIndex({ feedback: { docs: 0, terms: 10, originalWeight: 0.5 } })).toThrow(RangeError)
  })

  it('weighs context (title/headings) occurrences by contextWeight, in tf and length', () => {
    const docs = [{ id: 0, text: 'cat dog', context: 'bird' }, { id: 1, text: 'dog fish', context: '' }, { id: 2, text: 'fish bird bird', context: 'cat' }]
    for (const cw of [0, 1, 2.5]) {
      const index = createLexicalIndex({ contextWeight: cw, k1: 1.2, b: 0.75 })
      index.add(docs)
      // an independent BM25 where a context term counts cw times
      const tf = (d: typeof docs[number], t: string): number => d.text.split(' ').filter(x => x === t).length + cw * d.context.split(' ').filter(x => x === t).length
      const len = (d: typeof docs[number]): number => d.text.split(' ').length + cw * (d.context === '' ? 0 : d.context.split(' ').length)
      const avgdl = docs.reduce((s, d) => s + len(d), 0) / 3
      const want = (d: typeof docs[number], terms: string[]): number => terms.reduce((s, t) => {
        const n = docs.filter(x => x.text.split(' ').includes(t) || x.context.split(' ').includes(t)).length
        const f = tf(d, t)
        return f === 0 ? s : s + Math.log(1 + (3 - n + 0.5) / (n + 0.5)) * f * 2.2 / (f + 1.2 * (1 - 0.75 + 0.75 * len(d) / avgdl))
      }, 0)
      const matches = index.match('cat bird')
      for (const d of docs) expect(matches.get(d.id).score).toBeCloseTo(want(d, ['cat', 'bird']), 10)
    }
  })

  it('gives the exact score and coverage of any chunk, 0 for one that matches nothing', () => {
    const index = createLexicalIndex()
    index.add(texts.map((text, id) => ({ id, text })))
    const matches = index.match('cats and fishes')
    expect(matches.top(1)[0]?.id).toBe(2)
    expect(matches.get(2).coverage).toBeCloseTo(1, 12)
    expect(matches.get(1)).toEqual({ id: 1, score: 0, coverage: 0 })
    const idf = (n: number): number => Math.log(1 + (3 - n + 0.5) / (n + 0.5))
    // chunk 0 holds "cat" (in 2 chunks) but not "fish" (in 1)
    expect(matches.get(0).coverage).toBeCloseTo(idf(2) / (idf(2) + idf(1)), 12)
    // a term no chunk has counts as missing with the largest idf
    expect(index.match('cat zebra').get(0).coverage).toBeCloseTo(idf(2) / (idf(2) + idf(0)), 12)
  })

  it('expands the query with RM3 feedback: a chunk sharing only feedback terms is found', () => {
    const docs = ['miner seals sector storage proof', 'miner seals sector replica proof', 'sector replica proof of spacetime', 'banana bread recipe']
    const plain = createLexicalIndex()
    const rm3 = createLexicalIndex({ feedback: { docs: 2, terms: 5, originalWeight: 0.5 } })
    for (const index of [plain, rm3]) index.add(docs.map((text, id) => ({ id, text })))
    expect(plain.search('miner seals', 10).map(h => h.id)).toEqual([0, 1])
    const expanded = rm3.search('miner seals', 10).map(h => h.id)
    expect(expanded.slice(0, 2).sort()).toEqual([0, 1])
    expect(expanded).toContain(2)
    expect(expanded).not.toContain(3)
    // coverage stays measured on the original query terms
    expect(rm3.match('miner seals').get(2).coverage).toBe(0)
    expect(rm3.params.feedback).toEqual({ docs: 2, terms: 5, originalWeight: 0.5 })
  })
})

describe('loadLexicalIndex', () => {
  it('round-trips through its file with the same parameters and scores', () => {
    const index = createLexicalIndex({ k1: 1.5, b: 0.6 })
    index.add(texts.map((text, id) => ({ id, text })))
    const loaded = loadLexicalIndex(index.toBytes())
    expect(loaded.size).toBe(3)
    expect(loaded.search('cat bird', 10)).toEqual(index.search('cat bird', 10))
    expect(loaded.search('cat bird', 10)[0]?.score).toBeCloseTo(expected(['cat', 'bird'], 1.5, 0.6)[0]?.score ?? NaN, 10)
    loaded.add([{ id: 3, text: 'a lone cat' }])
    expect(loaded.size).toBe(4)
  })

  it('optionally adds adjacent query term pairs found as pairs in at least two chunks, weighted bigramWeight', () => {
    const chunks = ['storage deal market', 'deal storage', 'storage deal', 'market'].map((text, id) => ({ id, text }))
    const plain = createLexicalIndex({ bigramWeight: 0 })
    const paired = createLexicalIndex({ bigramWeight: 0.5 })
    plain.add(chunks)
    paired.add(chunks)
    const a = plain.match('storage deal')
    const b = paired.match('storage deal')
    // 'storag deal' is in chunks 0 and 2: idf ln(1 + 2.5/2.5); chunk 2 has the average length, so its tf part is 1
    expect(b.get(2).score - a.get(2).score).toBeCloseTo(0.5 * Math.log(2), 10)
    expect(b.get(0).score).toBeGreaterThan(a.get(0).score)
    expect(b.get(1).score).toBeCloseTo(a.get(1).score, 10) // reversed order: no pair
    expect(b.top(1)[0]?.id).toBe(2)
    // coverage counts terms only
    expect(b.get(1).coverage).toBe(a.get(1).coverage)
    expect(b.get(1).coverage).toBe(1)
    // a pair in one chunk only ('deal market') neither scores nor is stored
    expect(paired.match('deal market').get(0).score).toBeCloseTo(plain.match('deal market').get(0).score, 10)
    // one pair stored ('storag deal'): 'deal market' and 'deal storag' are in one chunk each
    expect(readLexicalHeader(paired.toBytes())?.header).toMatchObject({ version: 4, pairs: 1, pairPostings: 2 })
    expect(loadLexicalIndex(paired.toBytes()).match('storage deal').get(0).score).toBeCloseTo(b.get(0).score, 10)
    expect(loadLexicalIndex(paired.toBytes(), { bigramWeight: 0 }).match('storage deal').get(0).score).toBeCloseTo(a.get(0).score, 10)
    // postings created without a pair weight index no pairs
    expect(createLexicalIndex().params.bigramWeight).toBe(DEFAULT_BM25.bigramWeight)
    expect(readLexicalHeader(plain.toBytes())?.header).toMatchObject({ pairs: 0, pairPostings: 0 })
    expect(() => createLexicalIndex({ bigramWeight: -1 })).toThrow(RangeError)
  })

  it('loads with other parameters without re-indexing', () => {
    const index = createLexicalIndex()
    index.add(texts.map((text, id) => ({ id, text })))
    const retuned = loadLexicalIndex(index.toBytes(), { k1: 1.5, b: 0.6 })
    expect(retuned.params).toMatchObject({ k1: 1.5, b: 0.6, contextWeight: 1 })
    expect(retuned.search('cat bird', 10)[0]?.score).toBeCloseTo(expected(['cat', 'bird'], 1.5, 0.6)[0]?.score ?? NaN, 10)
    expect(() => loadLexicalIndex(index.toBytes(), { b: 3 })).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
  })

  it('recognises earlier formats (MiniSearch; an earlier tokenizer), which are rebuilt from chunks instead', () => {
    expect(isLegacyLexicalIndex('{"format":"quarry-lexical-index","version":1,"k1":0.9,"b":0.4,"minisearch":{}}')).toBe(true)
    const version2 = '{"format":"quarry-lexical-index","version":2,"params":{"k1":0.9,"b":0.4,"contextWeight":1},"postings":{"ids":[],"lengths":[],"contextLengths":[],"terms":{}}}'
    expect(isLegacyLexicalIndex(version2)).toBe(true)
    expect(() => loadLexicalIndex(version2)).toThrow(expect.objectContaining({ name: 'InvalidIndexError', message: expect.stringContaining('version 3') }))
    expect(isLegacyLexicalIndex(new TextEncoder().encode(version2))).toBe(true)
    expect(isLegacyLexicalIndex(createLexicalIndex().toBytes())).toBe(false)
    expect(isLegacyLexicalIndex(createReferenceLexicalIndex(DEFAULT_BM25).toJSON())).toBe(false)
    expect(() => loadLexicalIndex('{"format":"quarry-lexical-index","version":1,"k1":0.9,"b":0.4,"minisearch":{}}')).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
  })

  it('throws InvalidIndexError on malformed input', () => {
    expect(() => loadLexicalIndex('{not json')).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
    expect(() => loadLexicalIndex('{"format":"other"}')).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
    expect(() => loadLexicalIndex('null')).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
    const broken = JSON.parse(createReferenceLexicalIndex(DEFAULT_BM25).toJSON())
    broken.postings.terms = { cat: [[0, 1], [1], [0]] }
    expect(() => loadLexicalIndex(JSON.stringify(broken))).toThrow(expect.objectContaining({ name: 'InvalidIndexError', message: expect.stringContaining('cat') }))
  })
})

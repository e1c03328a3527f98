import { describe, it, expect } from 'vitest'
import { createLexicalIndex, loadLexicalIndex } from './lexical-index.js'

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
  it('scores with classic BM25 (Anserini defaults k1=0.9, b=0.4)', () => {
    const index = createLexicalIndex()
    index.add(texts.map((text, id) => ({ id, text })))
    expect(index.size).toBe(3)
    for (const [query, terms] of [['cats and birds', ['cat', 'bird']], ['fish', ['fish']], ['dog chasing the fish', ['dog', 'chase', 'fish']]] as const) {
      const hits = index.search(query, 10)
      const want = expected([...terms], 0.9, 0.4)
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
  })
})

describe('loadLexicalIndex', () => {
  it('round-trips through JSON with the same parameters and scores', () => {
    const index = createLexicalIndex({ k1: 1.5, b: 0.6 })
    index.add(texts.map((text, id) => ({ id, text })))
    const loaded = loadLexicalIndex(index.toJSON())
    expect(loaded.size).toBe(3)
    expect(loaded.search('cat bird', 10)).toEqual(index.search('cat bird', 10))
    expect(loaded.search('cat bird', 10)[0]?.score).toBeCloseTo(expected(['cat', 'bird'], 1.5, 0.6)[0]?.score ?? NaN, 10)
    loaded.add([{ id: 3, text: 'a lone cat' }])
    expect(loaded.size).toBe(4)
  })

  it('throws InvalidIndexError on malformed input', () => {
    expect(() => loadLexicalIndex('{not json')).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
    expect(() => loadLexicalIndex('{"format":"other"}')).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
    expect(() => loadLexicalIndex('null')).toThrow(expect.objectContaining({ name: 'InvalidIndexError' }))
  })
})

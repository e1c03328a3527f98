import { describe, it, expect } from 'vitest'
import { DEFAULT_BM25, createLexicalIndex, loadLexicalIndex } from './lexical-index.js'
import { createReferenceLexicalIndex, expectSameResults } from './test-fixtures/format3-lexical-index.js'
import type { FeedbackParams } from './expand-query.js'

let seed = 7
const rand = (): number => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32 }
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T

// a small Zipf-ish vocabulary with stopwords, mixed letter/digit tokens, possessives and accents
const VOCAB = ['storage', 'deal', 'deals', 'miner', "miner's", 'sector', 'sectors', 'proof', 'the', 'of', 'and', 'IL6', 'IL-6', 'p53',
  'retrieval', 'market', 'café', 'Filecoin', 'FIL', 'gas', 'fee', 'wallet', 'node', 'Lotus', 'seal', 'sealing', 'v1.2', '2024',
  'replication', 'spacetime', 'WindowPoSt', 'tipset', 'epoch', 'actor', 'CID', 'IPFS', 'block', 'chain', 'α', '北京']
const word = (): string => VOCAB[Math.floor(VOCAB.length * rand() ** 2)] as string
const words = (n: number): string => Array.from({ length: n }, word).join(' ')

/**
 * Chunks with ids out of order (and a gap), texts of 0–40 words, and most
 * with a context line
 */
function corpus (n: number): Array<{ id: number, text: string, context?: string }> {
  const ids = Array.from({ length: n }, (_, i) => i * 3 + (i % 2 === 0 ? 1 : 0)).sort(() => rand() - 0.5)
  return ids.map(id => ({ id, text: words(Math.floor(rand() * 40)), ...(rand() < 0.7 ? { context: words(1 + Math.floor(rand() * 4)) } : {}) }))
}

/** Queries: runs of words out of chunk texts (so their pairs occur), random words, stopwords only, nothing */
function queries (chunks: Array<{ text: string }>, n: number): string[] {
  const out = ['', 'the of and', 'zzz unknown', 'IL-6 p53', 'storage deal']
  while (out.length < n) {
    const text = pick(chunks).text.split(' ')
    const at = Math.floor(rand() * text.length)
    out.push(rand() < 0.7 ? text.slice(at, at + 1 + Math.floor(rand() * 4)).join(' ') : words(1 + Math.floor(rand() * 4)))
  }
  return out
}

describe('lexical index format 4 against format 3 (the map-based reference)', () => {
  const settings: Array<[string, Partial<typeof DEFAULT_BM25>, FeedbackParams | undefined]> = [
    ['defaults', {}, undefined],
    ['no pairs', { bigramWeight: 0 }, undefined],
    ['context weight 0.5, k1 0.9, b 0.75', { contextWeight: 0.5, k1: 0.9, b: 0.75 }, undefined],
    ['context weight 0', { contextWeight: 0 }, undefined],
    ['RM3 feedback', {}, { docs: 5, terms: 8, originalWeight: 0.6 }]
  ]
  for (const [name, options, feedback] of settings) {
    it(`gives identical scores, rankings and coverage (${name}), built, reloaded, and loaded from format 3`, () => {
      const chunks = corpus(600)
      const params = { ...DEFAULT_BM25, ...options }
      const reference = createReferenceLexicalIndex(params, feedback)
      const index = createLexicalIndex({ ...params, ...(feedback === undefined ? {} : { feedback }) })
      // in batches, with searches between them (the postings thaw and freeze again)
      for (let i = 0; i < chunks.length; i += 200) {
        reference.add(chunks.slice(i, i + 200))
        index.add(chunks.slice(i, i + 200))
        index.search('storage', 3)
      }
      const qs = queries(chunks, 120)
      const ids = [...chunks.slice(0, 20).map(c => c.id), 2, 100000]
      expectSameResults(index, reference, qs, ids)
      expectSameResults(loadLexicalIndex(index.toBytes()), reference, qs, ids)
      expectSameResults(loadLexicalIndex(new TextEncoder().encode(reference.toJSON())), reference, qs, ids)
      expectSameResults(loadLexicalIndex(reference.toJSON()), reference, qs, ids)
    })
  }

  it('writes the same bytes for the same chunks, and for its own reloaded copy', () => {
    const chunks = corpus(300)
    const a = createLexicalIndex()
    const b = createLexicalIndex()
    a.add(chunks)
    b.add(chunks)
    const bytes = a.toBytes()
    expect(b.toBytes()).toEqual(bytes)
    expect(loadLexicalIndex(bytes).toBytes()).toEqual(bytes)
  })
})

import type { Bm25Params, Bm25Scores, WeightedTerms } from './bm25-postings.js'
import type { FrozenPostings } from './posting-lists.js'

/** Where one term's postings are */
export interface TermPostings {
  lists: FrozenPostings
  /** The term's number in `lists` */
  term: number
  /** Whether the term is a pair of adjacent words */
  pair: boolean
}

/** What a {@link Bm25Scorer} reads (frozen postings; documents are positions in `ids`) */
export interface Bm25ScorerInput {
  params: Readonly<Bm25Params>
  ids: readonly number[]
  lengths: readonly number[]
  contextLengths: readonly number[]
  words: readonly string[]
  wordPostings: FrozenPostings
  /** A term's postings, or undefined when the index lacks it */
  lookup(term: string): TermPostings | undefined
  /** Document number of a chunk id, or -1 */
  docNumber(id: number): number
}

/** BM25 over frozen postings, by document number (a position in the chunk id list) */
export interface Bm25Scorer {
  /** Chunk id of each document number */
  readonly ids: readonly number[]
  /** Document number of a chunk id, or -1 */
  docNumber(id: number): number
  /** `ln(1 + (N − n + 0.5)/(n + 0.5))` for a term held by n chunks */
  idf(term: string): number
  /** The BM25 score of every document (0: no query term matches) */
  scores(query: WeightedTerms): Float64Array
  /** Coverage of document `d` (see {@link Bm25Scores.coverage}) by `terms` (distinct; default: the query's, pairs left out) */
  coverage(query: WeightedTerms, terms?: Iterable<string>): (d: number) => number
  /** {@link scores} and coverage as maps by chunk id, for every chunk a query term reaches */
  scoreMaps(query: WeightedTerms, coverageTerms?: Iterable<string>): Bm25Scores
  /** Words of document `d` with their context-weighted frequencies, and its weighted length */
  termVector(d: number): { terms: Map<string, number>, length: number }
}

/** Pair postings count only when held by this many chunks (see `MIN_PAIR_CHUNKS`) */
const MIN_PAIR = 2

const isPair = (term: string): boolean => term.includes(' ')

/** Whether document `d` is in `doc[lo..hi)` (increasing), and where */
function find (doc: Uint32Array, lo: number, hi: number, d: number): number {
  let l = lo
  let h = hi
  while (l < h) {
    const m = (l + h) >>> 1
    if ((doc[m] as number) < d) l = m + 1
    else h = m
  }
  return l < hi && doc[l] === d ? l : -1
}

/** `ln(1 + (N − n + 0.5)/(n + 0.5))`: the idf of a term held by `held` of `chunks` chunks */
export function bm25Idf (chunks: number, held: number): number {
  return Math.log(1 + (chunks - held + 0.5) / (held + 0.5))
}

/**
 * Each document's length normalisation `k1·(1 − b + b·dl/avgdl)`, with
 * `dl` = text length + `contextWeight` · context length: a term with
 * (weighted) frequency `f` adds `w·f/(f + norm[d])`. The Postgres copy of
 * the lexical index stores these very numbers.
 */
export function bm25Norms (params: Readonly<Bm25Params>, lengths: readonly number[], contextLengths: readonly number[]): Float64Array {
  const { k1, b, contextWeight: cw } = params
  const n = lengths.length
  let total = 0
  for (let d = 0; d < n; d++) total += (lengths[d] as number) + cw * (contextLengths[d] as number)
  const avgdl = n === 0 ? 1 : Math.max(total / n, 1e-9)
  const norm = new Float64Array(n)
  for (let d = 0; d < n; d++) norm[d] = k1 * (1 - b + b * ((lengths[d] as number) + cw * (contextLengths[d] as number)) / avgdl)
  return norm
}

/**
 * A scorer over typed-array postings that gives exactly the scores of the
 * earlier map-based BM25 (same formula, same order of additions): query
 * terms in query order, each adding `w·tf/(tf + k1·(1 − b + b·dl/avgdl))`.
 */
export function createBm25Scorer (input: Bm25ScorerInput): Bm25Scorer {
  const { params, ids, lengths, contextLengths, lookup } = input
  const { k1, b, contextWeight: cw } = params
  const n = ids.length
  const norm = bm25Norms(params, lengths, contextLengths)
  const idfOf = (held: number): number => bm25Idf(n, held)
  const held = (p: TermPostings): number => (p.lists.start[p.term + 1] as number) - (p.lists.start[p.term] as number)
  const idf = (term: string): number => {
    const p = lookup(term)
    return idfOf(p === undefined ? 0 : held(p))
  }

  /** Add `query`'s scores into `scores`; `touched` (with `seen`) lists the documents reached, in order */
  const scoreInto = (query: WeightedTerms, scores: Float64Array, touched?: { list: number[], seen: Uint8Array }): void => {
    for (const [term, weight] of query) {
      const p = lookup(term)
      if (p === undefined || weight === 0 || (p.pair && held(p) < MIN_PAIR)) continue
      const w = weight * idfOf(held(p)) * (k1 + 1)
      const { start, doc, tf, ctf } = p.lists
      const hi = start[p.term + 1] as number
      for (let i = start[p.term] as number; i < hi; i++) {
        const f = (tf[i] as number) + cw * (ctf[i] as number)
        if (f === 0) continue
        const d = doc[i] as number
        if (touched !== undefined && touched.seen[d] === 0) { touched.seen[d] = 1; touched.list.push(d) }
        scores[d] = (scores[d] as number) + w * f / (f + (norm[d] as number))
      }
    }
  }

  const coverage = (query: WeightedTerms, terms: Iterable<string> = [...query.keys()].filter(t => !isPair(t))): (d: number) => number => {
    const distinct = [...new Set(terms)]
    const sum = distinct.reduce((s, term) => s + idf(term), 0)
    const present = sum > 0 ? distinct.flatMap(term => { const p = lookup(term); return p === undefined ? [] : [{ p, share: idf(term) / sum }] }) : []
    return (d) => {
      let c = 0
      for (const { p, share } of present) {
        const { start, doc, tf, ctf } = p.lists
        const i = find(doc, start[p.term] as number, start[p.term + 1] as number, d)
        if (i < 0 || (tf[i] as number) + cw * (ctf[i] as number) === 0) continue
        c = Math.min(1, c + share)
      }
      return c
    }
  }

  let forward: { start: Uint32Array, word: Uint32Array, f: Float64Array } | undefined
  const termVector = (d: number): { terms: Map<string, number>, length: number } => {
    if (forward === undefined) {
      const { start, doc, tf, ctf } = input.wordPostings
      const words = start.length - 1
      const fstart = new Uint32Array(n + 1)
      const f = (i: number): number => (tf[i] as number) + cw * (ctf[i] as number)
      for (let i = 0; i < doc.length; i++) if (f(i) !== 0) fstart[(doc[i] as number) + 1] = (fstart[(doc[i] as number) + 1] as number) + 1
      for (let x = 0; x < n; x++) fstart[x + 1] = (fstart[x + 1] as number) + (fstart[x] as number)
      const next = fstart.slice(0, n)
      const word = new Uint32Array(fstart[n] as number)
      const freq = new Float64Array(fstart[n] as number)
      for (let w = 0; w < words; w++) {
        for (let i = start[w] as number; i < (start[w + 1] as number); i++) {
          if (f(i) === 0) continue
          const j = next[doc[i] as number] as number
          next[doc[i] as number] = j + 1
          word[j] = w
          freq[j] = f(i)
        }
      }
      forward = { start: fstart, word, f: freq }
    }
    const terms = new Map<string, number>()
    for (let j = forward.start[d] as number; j < (forward.start[d + 1] as number); j++) terms.set(input.words[forward.word[j] as number] as string, forward.f[j] as number)
    return { terms, length: (lengths[d] as number) + cw * (contextLengths[d] as number) }
  }

  return {
    ids,
    docNumber: input.docNumber,
    idf,
    scores (query) {
      const scores = new Float64Array(n)
      scoreInto(query, scores)
      return scores
    },
    coverage,
    scoreMaps (query, coverageTerms) {
      const scores = new Float64Array(n)
      const touched = { list: [] as number[], seen: new Uint8Array(n) }
      scoreInto(query, scores, touched)
      const byId = new Map<number, number>()
      for (const d of touched.list) byId.set(ids[d] as number, scores[d] as number)
      // coverage term by term, as `coverage` adds it up per document
      const covered = new Map<number, number>()
      const distinct = [...new Set(coverageTerms ?? [...query.keys()].filter(t => !isPair(t)))]
      const sum = distinct.reduce((s, term) => s + idf(term), 0)
      if (sum > 0) {
        for (const term of distinct) {
          const p = lookup(term)
          if (p === undefined) continue
          const share = idf(term) / sum
          const { start, doc, tf, ctf } = p.lists
          for (let i = start[p.term] as number; i < (start[p.term + 1] as number); i++) {
            if ((tf[i] as number) + cw * (ctf[i] as number) === 0) continue
            const id = ids[doc[i] as number] as number
            covered.set(id, Math.min(1, (covered.get(id) ?? 0) + share))
          }
        }
      }
      return { scores: byId, coverage: covered }
    },
    termVector
  }
}

/**
 * TEST FIXTURE: the map-based BM25 postings Quarry used up to lexical index
 * format 3 (one `Map` per term, JSON file), kept verbatim as a reference:
 * tests check that the typed-array postings of format 4 give exactly its
 * scores, rankings and coverage, and that format 3 files it writes still load.
 */
import { tokenize } from '../tokenize.js'
import { weightedQueryTerms, MIN_PAIR_CHUNKS, type Bm25Params, type Bm25Scores, type WeightedTerms } from '../bm25-postings.js'
import { expandQuery, type FeedbackParams } from '../expand-query.js'
import type { LexicalIndex } from '../lexical-index.js'
import { expect } from 'vitest'

const isPair = (term: string): boolean => term.includes(' ')

/** The plain, JSON-serialisable postings of format 3 */
export interface PlainBm25Postings {
  ids: number[]
  lengths: number[]
  contextLengths: number[]
  terms: Record<string, [number[], number[], number[]]>
}

/** Count `tokens` (and with `pairs` their adjacent pairs) into `counts[term][slot]` */
function countTerms (counts: Map<string, [number, number]>, tokens: string[], slot: 0 | 1, pairs: boolean): void {
  const bump = (term: string): void => {
    let c = counts.get(term)
    if (c === undefined) { c = [0, 0]; counts.set(term, c) }
    c[slot]++
  }
  tokens.forEach((term, i) => {
    bump(term)
    if (pairs && i > 0) bump(`${tokens[i - 1] as string} ${term}`)
  })
}

interface Postings { ids: number[], tf: number[], ctf: number[] }

class ReferencePostings {
  #params: Bm25Params
  readonly #terms = new Map<string, Postings>()
  readonly #length = new Map<number, number>()
  readonly #contextLength = new Map<number, number>()
  #norm: Map<number, number> | undefined
  #forward: Map<number, Map<string, number>> | undefined

  /** Whether pairs of adjacent terms are indexed */
  #pairs: boolean

  constructor (params: Bm25Params) {
    this.#params = { ...params }
    this.#pairs = (params.bigramWeight ?? 0) > 0
  }

  get size (): number { return this.#length.size }
  get params (): Readonly<Bm25Params> { return this.#params }

  add (docs: Array<{ id: number, text: string, context?: string }>): void {
    for (const { id, text, context } of docs) {
      if (this.#length.has(id)) throw new RangeError(`Chunk id ${id} is already indexed`)
      const counts = new Map<string, [number, number]>()
      const body = tokenize(text)
      const head = context == null ? [] : tokenize(context)
      countTerms(counts, body, 0, this.#pairs)
      countTerms(counts, head, 1, this.#pairs)
      for (const [term, [tf, ctf]] of counts) this.#push(term, id, tf, ctf)
      this.#length.set(id, body.length)
      this.#contextLength.set(id, head.length)
    }
    this.#norm = undefined
    this.#forward = undefined
  }

  #push (term: string, id: number, tf: number, ctf: number): void {
    let p = this.#terms.get(term)
    if (p === undefined) { p = { ids: [], tf: [], ctf: [] }; this.#terms.set(term, p) }
    p.ids.push(id)
    p.tf.push(tf)
    p.ctf.push(ctf)
  }

  /** Per chunk `k1·(1 − b + b·dl/avgdl)` */
  #norms (): Map<number, number> {
    if (this.#norm !== undefined) return this.#norm
    const { k1, b, contextWeight: cw } = this.#params
    let total = 0
    for (const [id, len] of this.#length) total += len + cw * (this.#contextLength.get(id) ?? 0)
    const avgdl = this.size === 0 ? 1 : Math.max(total / this.size, 1e-9)
    const norm = new Map<number, number>()
    for (const [id, len] of this.#length) norm.set(id, k1 * (1 - b + b * (len + cw * (this.#contextLength.get(id) ?? 0)) / avgdl))
    this.#norm = norm
    return norm
  }

  idf (term: string): number {
    const n = this.#terms.get(term)?.ids.length ?? 0
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5))
  }

  scoreAll (query: WeightedTerms, coverageTerms: Iterable<string> = [...query.keys()].filter(t => !isPair(t))): Bm25Scores {
    const norm = this.#norms()
    const { k1, contextWeight: cw } = this.#params
    const scores = new Map<number, number>()
    for (const [term, weight] of query) {
      const p = this.#terms.get(term)
      if (p === undefined || weight === 0 || (isPair(term) && p.ids.length < MIN_PAIR_CHUNKS)) continue
      const w = weight * this.idf(term) * (k1 + 1)
      for (let i = 0; i < p.ids.length; i++) {
        const id = p.ids[i] as number
        const tf = (p.tf[i] as number) + cw * (p.ctf[i] as number)
        if (tf === 0) continue
        scores.set(id, (scores.get(id) ?? 0) + w * tf / (tf + (norm.get(id) as number)))
      }
    }
    const coverage = new Map<number, number>()
    const distinct = [...new Set(coverageTerms)]
    const total = distinct.reduce((sum, term) => sum + this.idf(term), 0)
    if (total > 0) {
      for (const term of distinct) {
        const p = this.#terms.get(term)
        if (p === undefined) continue
        const share = this.idf(term) / total
        for (let i = 0; i < p.ids.length; i++) {
          if ((p.tf[i] as number) + cw * (p.ctf[i] as number) === 0) continue
          const id = p.ids[i] as number
          coverage.set(id, Math.min(1, (coverage.get(id) ?? 0) + share))
        }
      }
    }
    return { scores, coverage }
  }

  termVector (id: number): { terms: Map<string, number>, length: number } | undefined {
    const length = this.#length.get(id)
    if (length === undefined) return undefined
    if (this.#forward === undefined) {
      const cw = this.#params.contextWeight
      const forward = new Map<number, Map<string, number>>()
      for (const [term, p] of this.#terms) {
        if (isPair(term)) continue
        for (let i = 0; i < p.ids.length; i++) {
          const tf = (p.tf[i] as number) + cw * (p.ctf[i] as number)
          if (tf === 0) continue
          const doc = p.ids[i] as number
          let v = forward.get(doc)
          if (v === undefined) { v = new Map(); forward.set(doc, v) }
          v.set(term, tf)
        }
      }
      this.#forward = forward
    }
    return { terms: this.#forward.get(id) ?? new Map(), length: length + this.#params.contextWeight * (this.#contextLength.get(id) ?? 0) }
  }

  toPlain (): PlainBm25Postings {
    const ids = [...this.#length.keys()]
    const terms: PlainBm25Postings['terms'] = {}
    for (const [term, p] of this.#terms) {
      if (isPair(term) && p.ids.length < MIN_PAIR_CHUNKS) continue
      terms[term] = [p.ids.map((id, i) => i === 0 ? id : id - (p.ids[i - 1] as number)), p.tf, p.ctf]
    }
    return { ids, lengths: ids.map(id => this.#length.get(id) ?? 0), contextLengths: ids.map(id => this.#contextLength.get(id) ?? 0), terms }
  }

}

/** A hit as format 3's `LexicalMatches` gave it */
export interface ReferenceHit { id: number, score: number, coverage: number }

/** The format 3 lexical index: scoring as `match` did, and its JSON file */
export interface ReferenceLexicalIndex {
  add(chunks: Array<{ id: number, text: string, context?: string }>): void
  /** All hits with a score above 0, best first (ties by id), and the hit of any id */
  match(query: string): { ranked: ReferenceHit[], get(id: number): ReferenceHit }
  /** The format 3 file */
  toJSON(): string
}

/** A format 3 lexical index with `params` (and RM3 `feedback`, if any) */
export function createReferenceLexicalIndex (params: Bm25Params, feedback?: FeedbackParams): ReferenceLexicalIndex {
  const postings = new ReferencePostings(params)
  return {
    add: chunks => { postings.add(chunks) },
    match (query) {
      const original = weightedQueryTerms(query, params.bigramWeight ?? 0)
      let { scores, coverage } = postings.scoreAll(original)
      if (feedback !== undefined && scores.size > 0) {
        scores = postings.scoreAll(expandQuery(postings as any, original, scores, feedback)).scores
      }
      const hit = (id: number): ReferenceHit => ({ id, score: scores.get(id) ?? 0, coverage: coverage.get(id) ?? 0 })
      return { ranked: [...scores.keys()].map(hit).filter(h => h.score > 0).sort((a, b) => b.score - a.score || a.id - b.id), get: hit }
    },
    toJSON: () => JSON.stringify({ format: 'quarry-lexical-index', version: 3, params: { ...params, ...(feedback === undefined ? {} : { feedback }) }, postings: postings.toPlain() })
  }
}

/** Every hit of the new index equals the reference's, to the last bit */
export function expectSameResults (index: LexicalIndex, reference: ReferenceLexicalIndex, qs: string[], ids: number[]): void {
  for (const q of qs) {
    const want = reference.match(q)
    const got = index.match(q)
    // a short ranking first, then a longer one (ranked again), then a short one (cut from it)
    expect(got.top(3), q).toEqual(want.ranked.slice(0, 3))
    expect(got.top(want.ranked.length + 5), q).toEqual(want.ranked)
    expect(got.top(2), q).toEqual(want.ranked.slice(0, 2))
    for (const id of ids) expect(got.get(id), `${q} #${id}`).toEqual(want.get(id))
  }
}


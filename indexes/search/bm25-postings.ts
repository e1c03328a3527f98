import { tokenize } from './tokenize.js'

/** BM25 parameters of a {@link Bm25Postings} */
export interface Bm25Params {
  /** Term frequency saturation */
  k1: number
  /** Document length normalisation */
  b: number
  /**
   * Weight of a chunk's context line (title and headings) against its text:
   * a context occurrence counts as `contextWeight` occurrences, in term
   * frequency and in length (a simple BM25F with one shared `b`)
   */
  contextWeight: number
  /**
   * Weight of each pair of adjacent query terms (stopwords removed) found as
   * a pair in a chunk, scored like a term of its own (a simple proximity
   * feature); 0 or absent: pairs do not count. Pairs are indexed (as terms
   * `a b`) only by postings created with a weight above 0, which makes them
   * about twice as large; a pair found in fewer than {@link MIN_PAIR_CHUNKS}
   * chunks is neither scored nor serialised.
   */
  bigramWeight?: number
}

/** A pair of adjacent terms counts (and is stored) only when this many chunks hold it */
export const MIN_PAIR_CHUNKS = 2

/** Terms never hold a space (see `tokenize`): a term with one is a pair */
const isPair = (term: string): boolean => term.includes(' ')

/** A query as weighted terms (term → weight); a plain query weighs each occurrence 1 */
export type WeightedTerms = Map<string, number>

/** Scores of one query over every chunk that matches at least one of its terms */
export interface Bm25Scores {
  /** BM25 score by chunk id (chunks not listed score 0) */
  scores: Map<number, number>
  /**
   * Idf-weighted share of the query's distinct terms found in the chunk, in
   * [0, 1] (see {@link Bm25Postings.scoreAll}); chunks not listed have 0
   */
  coverage: Map<number, number>
}

/** The plain, JSON-serialisable form of {@link Bm25Postings} */
export interface PlainBm25Postings {
  /** Chunk ids, then per chunk its text length and context length in terms */
  ids: number[]
  lengths: number[]
  contextLengths: number[]
  /** Term → [delta-encoded ids, text tfs, context tfs] */
  terms: Record<string, [number[], number[], number[]]>
}

/** An inverted index over tokenised chunks, scored with BM25 */
export interface Bm25Postings {
  readonly size: number
  readonly params: Readonly<Bm25Params>
  /** Change k1, b or the context weight without re-indexing */
  setParams(params: Partial<Bm25Params>): void
  /** Index chunks: `text` is the chunk text, `context` its title/headings line */
  add(docs: Array<{ id: number, text: string, context?: string }>): void
  /**
   * Score every chunk that holds a query term. `coverageTerms` (default: the
   * query's terms, pairs left out) are the terms coverage is measured on: the idf-weighted
   * share of them present in a chunk, where a term absent from the whole
   * index counts with the largest possible idf.
   */
  scoreAll(query: WeightedTerms, coverageTerms?: Iterable<string>): Bm25Scores
  /** Inverse document frequency, `ln(1 + (N − n + 0.5)/(n + 0.5))` */
  idf(term: string): number
  /** A chunk's terms (pairs left out) with their (context-weighted) frequencies, and its weighted length */
  termVector(id: number): { terms: Map<string, number>, length: number } | undefined
  toPlain(): PlainBm25Postings
}

/**
 * Turn query text into {@link WeightedTerms}: each occurrence of a term adds
 * 1, and with `pairWeight` > 0 each pair of adjacent terms (`a b`) adds
 * `pairWeight` (see {@link Bm25Params.bigramWeight}).
 */
export function queryTerms (text: string, pairWeight = 0): WeightedTerms {
  const terms: WeightedTerms = new Map()
  const tokens = tokenize(text)
  for (const term of tokens) terms.set(term, (terms.get(term) ?? 0) + 1)
  if (pairWeight > 0) {
    for (let i = 1; i < tokens.length; i++) {
      const pair = `${tokens[i - 1] as string} ${tokens[i] as string}`
      terms.set(pair, (terms.get(pair) ?? 0) + pairWeight)
    }
  }
  return terms
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

class Postings25 implements Bm25Postings {
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

  setParams (params: Partial<Bm25Params>): void {
    this.#params = { ...this.#params, ...params }
    this.#norm = undefined
    this.#forward = undefined
  }

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

  /** Restore from {@link toPlain}'s output; throws `TypeError` on malformed data */
  load (plain: PlainBm25Postings): void {
    const { ids, lengths, contextLengths, terms } = plain
    if (!Array.isArray(ids) || !Array.isArray(lengths) || !Array.isArray(contextLengths) || ids.length !== lengths.length ||
      ids.length !== contextLengths.length || typeof terms !== 'object' || terms == null) {
      throw new TypeError('postings: ids, lengths and contextLengths must be arrays of one length, terms an object')
    }
    ids.forEach((id, i) => { this.#length.set(id, lengths[i] as number); this.#contextLength.set(id, contextLengths[i] as number) })
    for (const [term, entry] of Object.entries(terms)) {
      const [deltas, tf, ctf] = entry
      if (!Array.isArray(deltas) || !Array.isArray(tf) || !Array.isArray(ctf) || deltas.length !== tf.length || tf.length !== ctf.length) {
        throw new TypeError(`postings of term ${JSON.stringify(term)} are malformed`)
      }
      if (isPair(term)) this.#pairs = true
      let id = 0
      this.#terms.set(term, { ids: deltas.map((d, i) => (id = i === 0 ? d : id + d)), tf, ctf })
    }
  }
}

/** Create empty BM25 postings, or restore them from {@link Bm25Postings.toPlain} */
export function createBm25Postings (params: Bm25Params, plain?: PlainBm25Postings): Bm25Postings {
  const postings = new Postings25(params)
  if (plain !== undefined) postings.load(plain)
  return postings
}

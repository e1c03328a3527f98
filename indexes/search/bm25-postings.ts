import { QUESTION_WORDS, tokenize } from './tokenize.js'
import { PairTable } from './pair-table.js'
import { PostingLists, type FrozenPostings } from './posting-lists.js'
import { TermCounter } from './term-counter.js'
import { createBm25Scorer, type Bm25Scorer, type TermPostings } from './bm25-scorer.js'

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

/** Everything a {@link Bm25Postings} holds, as written to and read from a lexical index file */
export interface PostingsContents {
  /** Chunk ids in the order they were added, with their text and context lengths in terms */
  ids: number[]
  lengths: number[]
  contextLengths: number[]
  /** Words (single terms), numbered by position */
  words: string[]
  /** Pairs of adjacent words, numbered in the table's order */
  pairs: PairTable
  /** Postings by word number and by pair number; documents are positions in `ids` */
  wordPostings: FrozenPostings
  pairPostings: FrozenPostings
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
  /** The scorer over the current postings (typed arrays; see {@link Bm25Scorer}) */
  scorer(): Bm25Scorer
  /** Inverse document frequency, `ln(1 + (N − n + 0.5)/(n + 0.5))` */
  idf(term: string): number
  /** A chunk's terms (pairs left out) with their (context-weighted) frequencies, and its weighted length */
  termVector(id: number): { terms: Map<string, number>, length: number } | undefined
  /** The postings as they are, for writing to a file */
  contents(): PostingsContents
}

/** {@link QUESTION_WORDS} as {@link tokenize} writes them (stemmed): indexed like any word, weighed less in a query */
const QUESTION_TERMS: ReadonlySet<string> = new Set(tokenize([...QUESTION_WORDS].join(' ')))

/**
 * Weight of a {@link QUESTION_WORDS} occurrence in a query, each other term's
 * being 1 (and of a pair holding one, times its pair weight): a page that asks
 * the same question ("How do I …" in a FAQ) still gains a little, while the
 * words of what is asked decide. Without it, "How do I shut down my local
 * Lotus devnet?" ranked five FAQ answers to other "How do I …" questions first.
 * Chosen on the Filecoin dev sets' retrieval, flat from 0.1 to 0.5; SciFact's
 * claims hold few such words (docs/evaluation.md).
 */
export const QUESTION_WORD_WEIGHT = 0.25

/**
 * Turn query text into {@link WeightedTerms}: each occurrence of a term adds
 * 1 ({@link QUESTION_WORDS} `questionWordWeight`), and with `pairWeight` > 0
 * each pair of adjacent terms (`a b`) adds `pairWeight` times the smaller
 * weight of its two terms (see {@link Bm25Params.bigramWeight}).
 */
export function weightedQueryTerms (text: string, pairWeight = 0, questionWordWeight = QUESTION_WORD_WEIGHT): WeightedTerms {
  const terms: WeightedTerms = new Map()
  const tokens = tokenize(text)
  const weight = (term: string): number => QUESTION_TERMS.has(term) ? questionWordWeight : 1
  for (const term of tokens) if (weight(term) > 0) terms.set(term, (terms.get(term) ?? 0) + weight(term))
  if (pairWeight > 0) {
    for (let i = 1; i < tokens.length; i++) {
      const a = tokens[i - 1] as string
      const b = tokens[i] as string
      const w = pairWeight * Math.min(weight(a), weight(b))
      if (w > 0) terms.set(`${a} ${b}`, (terms.get(`${a} ${b}`) ?? 0) + w)
    }
  }
  return terms
}

class Postings25 implements Bm25Postings {
  #params: Bm25Params
  /** Whether pairs of adjacent terms are indexed */
  readonly #pairsOn: boolean
  readonly #ids: number[]
  /** Chunk id → document number; undefined while ids are 0, 1, 2… in order */
  #docOf: Map<number, number> | undefined
  readonly #lengths: number[]
  readonly #contextLengths: number[]
  readonly #words: string[]
  readonly #dict: Map<string, number>
  readonly #pairs: PairTable
  readonly #wordLists: PostingLists
  readonly #pairLists: PostingLists
  readonly #wordCounter = new TermCounter()
  readonly #pairCounter = new TermCounter()
  #scorer: Bm25Scorer | undefined

  constructor (params: Bm25Params, contents?: PostingsContents) {
    this.#params = { ...params }
    this.#ids = contents?.ids ?? []
    this.#lengths = contents?.lengths ?? []
    this.#contextLengths = contents?.contextLengths ?? []
    this.#words = contents?.words ?? []
    this.#dict = new Map(this.#words.map((w, i) => [w, i]))
    if (this.#dict.size !== this.#words.length) throw new TypeError('postings: a word is listed twice')
    this.#pairs = contents?.pairs ?? new PairTable()
    this.#pairsOn = (params.bigramWeight ?? 0) > 0 || this.#pairs.size > 0
    this.#wordLists = contents === undefined ? new PostingLists() : PostingLists.fromFrozen(contents.wordPostings)
    this.#pairLists = contents === undefined ? new PostingLists() : PostingLists.fromFrozen(contents.pairPostings)
    if (this.#ids.some((id, i) => id !== i)) this.#docOf = new Map(this.#ids.map((id, d) => [id, d]))
    if ((this.#docOf?.size ?? this.#ids.length) !== this.#ids.length) throw new TypeError('postings: a chunk id is listed twice')
  }

  get size (): number { return this.#ids.length }
  get params (): Readonly<Bm25Params> { return this.#params }

  setParams (params: Partial<Bm25Params>): void {
    this.#params = { ...this.#params, ...params }
    this.#scorer = undefined
  }

  #docNumber (id: number): number {
    if (this.#docOf !== undefined) return this.#docOf.get(id) ?? -1
    return Number.isInteger(id) && id >= 0 && id < this.#ids.length ? id : -1
  }

  add (docs: Array<{ id: number, text: string, context?: string }>): void {
    for (const { id, text, context } of docs) {
      if (this.#docNumber(id) !== -1) throw new RangeError(`Chunk id ${id} is already indexed`)
      const d = this.#ids.length
      if (this.#docOf === undefined && id !== d) this.#docOf = new Map(this.#ids.map((x, i) => [x, i]))
      this.#docOf?.set(id, d)
      this.#ids.push(id)
      const body = tokenize(text)
      const head = context == null ? [] : tokenize(context)
      this.#wordCounter.next()
      this.#pairCounter.next()
      this.#count(body, 0)
      this.#count(head, 1)
      for (const [counter, lists] of [[this.#wordCounter, this.#wordLists], [this.#pairCounter, this.#pairLists]] as const) {
        const { terms, counts } = counter
        for (let i = 0; i < terms.length; i++) lists.push(terms[i] as number, d, counts[2 * i] as number, counts[2 * i + 1] as number)
      }
      this.#lengths.push(body.length)
      this.#contextLengths.push(head.length)
    }
    this.#scorer = undefined
  }

  /** Count `tokens` (and their adjacent pairs) in this document's text (slot 0) or context (slot 1) */
  #count (tokens: string[], slot: 0 | 1): void {
    let prev = -1
    for (const term of tokens) {
      let w = this.#dict.get(term)
      if (w === undefined) { w = this.#words.length; this.#words.push(term); this.#dict.set(term, w) }
      this.#wordCounter.bump(w, slot)
      if (this.#pairsOn && prev >= 0) this.#pairCounter.bump(this.#pairs.add(prev, w), slot)
      prev = w
    }
  }

  /** Where a term's postings are: a word, a pair `a b`, or undefined when the index lacks it */
  #lookup (term: string): TermPostings | undefined {
    const space = term.indexOf(' ')
    if (space < 0) {
      const w = this.#dict.get(term)
      return w === undefined ? undefined : { lists: this.#wordLists.freeze(this.#words.length), term: w, pair: false }
    }
    const a = this.#dict.get(term.slice(0, space))
    const b = this.#dict.get(term.slice(space + 1))
    const p = a === undefined || b === undefined ? -1 : this.#pairs.get(a, b)
    return p < 0 ? undefined : { lists: this.#pairLists.freeze(this.#pairs.size), term: p, pair: true }
  }

  scorer (): Bm25Scorer {
    this.#wordLists.freeze(this.#words.length)
    this.#pairLists.freeze(this.#pairs.size)
    this.#scorer ??= createBm25Scorer({
      params: this.#params,
      ids: this.#ids,
      lengths: this.#lengths,
      contextLengths: this.#contextLengths,
      words: this.#words,
      wordPostings: this.#wordLists.freeze(this.#words.length),
      lookup: term => this.#lookup(term),
      docNumber: id => this.#docNumber(id)
    })
    return this.#scorer
  }

  idf (term: string): number {
    return this.scorer().idf(term)
  }

  scoreAll (query: WeightedTerms, coverageTerms?: Iterable<string>): Bm25Scores {
    return this.scorer().scoreMaps(query, coverageTerms)
  }

  termVector (id: number): { terms: Map<string, number>, length: number } | undefined {
    const d = this.#docNumber(id)
    return d < 0 ? undefined : this.scorer().termVector(d)
  }

  contents (): PostingsContents {
    return {
      ids: this.#ids,
      lengths: this.#lengths,
      contextLengths: this.#contextLengths,
      words: this.#words,
      pairs: this.#pairs,
      wordPostings: this.#wordLists.freeze(this.#words.length),
      pairPostings: this.#pairLists.freeze(this.#pairs.size)
    }
  }
}

/**
 * Create empty BM25 postings, or postings over `contents` (decoded from a
 * lexical index file; they are used as they are, not copied).
 *
 * @throws {TypeError} when `contents` list a word or a chunk id twice
 */
export function createBm25Postings (params: Bm25Params, contents?: PostingsContents): Bm25Postings {
  return new Postings25(params, contents)
}

import { createBm25Postings, queryTerms, type Bm25Params, type Bm25Postings, type PlainBm25Postings } from './bm25-postings.js'
import { InvalidIndexError } from '../errors.js'
import { expandQuery, type FeedbackParams } from './expand-query.js'

/** One lexical hit: a chunk id with its exact BM25 score and query coverage */
export interface LexicalHit {
  id: number
  /** BM25 score (0 when no query term occurs in the chunk) */
  score: number
  /**
   * Idf-weighted share of the query's distinct terms that occur in the chunk,
   * in [0, 1]; a query term absent from the whole index counts as missing with
   * the largest idf. Comparable across queries and indexes.
   */
  coverage: number
}

/** The lexical scores of one query over the whole index */
export interface LexicalMatches {
  /** The `k` best chunks, best first (ties by id); only chunks with a score above 0 */
  top(k: number): LexicalHit[]
  /** The exact hit for any chunk id (score and coverage 0 when it matches nothing) */
  get(id: number): LexicalHit
}

/** A BM25 index over chunk texts, keyed by numeric chunk id */
export interface LexicalIndex {
  /** Index chunks: `text` (usually the chunk text) and `context` (its title/headings line); ids must be unique */
  add(chunks: Array<{ id: number, text: string, context?: string }>): void
  /** Score `query` against every chunk (with pseudo-relevance feedback when {@link LexicalIndexOptions.feedback} is set) */
  match(query: string): LexicalMatches
  /** The `k` best chunks for `query`, best first (ties by id): `match(query).top(k)` */
  search(query: string, k: number): LexicalHit[]
  /** Number of indexed chunks */
  readonly size: number
  /** The parameters in use */
  readonly params: Readonly<LexicalParams>
  /** Serialise, parameters included; restore with {@link loadLexicalIndex} */
  toJSON(): string
}

/** Every lexical ranking parameter */
export interface LexicalParams extends Bm25Params {
  /** RM3 pseudo-relevance feedback, or none */
  feedback?: FeedbackParams
}

/** Options of {@link createLexicalIndex}: BM25 and feedback parameters */
export interface LexicalIndexOptions {
  /** Term frequency saturation. @default {@link DEFAULT_BM25}.k1 */
  k1?: number
  /** Document length normalisation. @default {@link DEFAULT_BM25}.b */
  b?: number
  /** Weight of a context (title/headings) occurrence against a text one. @default {@link DEFAULT_BM25}.contextWeight */
  contextWeight?: number
  /** Weight of a pair of adjacent query terms found as a pair in a chunk (0: none). @default {@link DEFAULT_BM25}.bigramWeight */
  bigramWeight?: number
  /** RM3 pseudo-relevance feedback. @default none */
  feedback?: FeedbackParams
}

/** Default BM25 parameters (chosen on SciFact train, see bench/scifact/README.md) */
export const DEFAULT_BM25: Readonly<Bm25Params> = Object.freeze({ k1: 1.2, b: 0.4, contextWeight: 1, bigramWeight: 0.2 })

const FORMAT = 'quarry-lexical-index'
/**
 * Version 3: the tokenizer also indexes the letter and digit runs of mixed
 * tokens (`il6` → `il6`, `il`, `6`); version 2 postings hold other terms.
 * (Postings of term pairs, see `bigramWeight`, need no new version: an index
 * without them has none and a weight of 0.)
 */
const VERSION = 3

interface SerializedLexicalIndex {
  format: typeof FORMAT
  version: typeof VERSION
  params: LexicalParams
  postings: PlainBm25Postings
}

function checkParams (params: LexicalParams): void {
  const { k1, b, contextWeight, bigramWeight = 0, feedback } = params
  if (!(k1 >= 0) || !(b >= 0 && b <= 1) || !(contextWeight >= 0) || !(bigramWeight >= 0)) {
    throw new RangeError(`Invalid BM25 parameters k1=${k1} b=${b} contextWeight=${contextWeight} bigramWeight=${bigramWeight}`)
  }
  if (feedback !== undefined && (!(feedback.docs >= 1) || !(feedback.terms >= 1) || !(feedback.originalWeight >= 0 && feedback.originalWeight <= 1))) {
    throw new RangeError(`Invalid feedback parameters ${JSON.stringify(feedback)}`)
  }
}

class Bm25LexicalIndex implements LexicalIndex {
  readonly #postings: Bm25Postings
  readonly #feedback: FeedbackParams | undefined

  constructor (postings: Bm25Postings, feedback: FeedbackParams | undefined) {
    this.#postings = postings
    this.#feedback = feedback
  }

  get size (): number { return this.#postings.size }

  get params (): Readonly<LexicalParams> {
    return { ...this.#postings.params, ...(this.#feedback === undefined ? {} : { feedback: { ...this.#feedback } }) }
  }

  add (chunks: Array<{ id: number, text: string, context?: string }>): void {
    this.#postings.add(chunks)
  }

  match (query: string): LexicalMatches {
    const original = queryTerms(query, this.#postings.params.bigramWeight ?? 0)
    let { scores, coverage } = this.#postings.scoreAll(original)
    if (this.#feedback !== undefined && scores.size > 0) {
      const expanded = expandQuery(this.#postings, original, scores, this.#feedback)
      scores = this.#postings.scoreAll(expanded).scores
    }
    const hit = (id: number): LexicalHit => ({ id, score: scores.get(id) ?? 0, coverage: coverage.get(id) ?? 0 })
    let ranked: LexicalHit[] | undefined
    return {
      top (k) {
        if (k <= 0) return []
        ranked ??= [...scores.keys()].map(hit).filter(h => h.score > 0).sort((a, b) => b.score - a.score || a.id - b.id)
        return ranked.slice(0, k)
      },
      get: hit
    }
  }

  search (query: string, k: number): LexicalHit[] {
    return this.match(query).top(k)
  }

  toJSON (): string {
    const serialized: SerializedLexicalIndex = { format: FORMAT, version: VERSION, params: this.params, postings: this.#postings.toPlain() }
    return JSON.stringify(serialized)
  }
}

/**
 * Create an empty BM25 index. Scores are classic BM25 (Anserini: Lucene
 * English stopwords, Porter stemmer, see `tokenize`),
 * `idf · tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl))` summed over query terms,
 * with `idf = ln(1 + (N − n + 0.5)/(n + 0.5))`; a context occurrence counts
 * `contextWeight` times in `tf` and `dl`. Each pair of adjacent query terms
 * adds the same sum for the pair, weighted `bigramWeight` (pairs are indexed
 * like terms, but do not count in `dl`).
 *
 * @throws {RangeError} on invalid parameters
 */
export function createLexicalIndex (options: LexicalIndexOptions = {}): LexicalIndex {
  const params: LexicalParams = {
    k1: options.k1 ?? DEFAULT_BM25.k1,
    b: options.b ?? DEFAULT_BM25.b,
    contextWeight: options.contextWeight ?? DEFAULT_BM25.contextWeight,
    bigramWeight: options.bigramWeight ?? DEFAULT_BM25.bigramWeight ?? 0,
    ...(options.feedback === undefined ? {} : { feedback: options.feedback })
  }
  checkParams(params)
  const { feedback, ...bm25 } = params
  return new Bm25LexicalIndex(createBm25Postings(bm25), feedback)
}

/**
 * Whether `json` is a lexical index of an earlier format, which
 * {@link loadLexicalIndex} no longer reads: version 1 (MiniSearch, before field
 * weights and exact scoring) or 2 (an earlier tokenizer).
 * Rebuild it from the chunks instead (cheap: no embedding).
 */
export function isLegacyLexicalIndex (json: string): boolean {
  return /^\{"format":"quarry-lexical-index","version":[12][,}]/.test(json.slice(0, 64))
}

/**
 * Restore an index written by {@link LexicalIndex.toJSON}, with its
 * parameters, or with `params` overriding them (no re-indexing needed).
 *
 * @throws {InvalidIndexError} when `json` is not such an index
 */
export function loadLexicalIndex (json: string, params: Partial<LexicalParams> = {}): LexicalIndex {
  let parsed: Partial<SerializedLexicalIndex>
  try {
    parsed = JSON.parse(json)
  } catch (err) {
    throw new InvalidIndexError('Lexical index is not valid JSON', { cause: err })
  }
  if (parsed?.format !== FORMAT || parsed.version !== VERSION || typeof parsed.params !== 'object' || parsed.params == null ||
    typeof parsed.postings !== 'object' || parsed.postings == null) {
    throw new InvalidIndexError(`Lexical index is not a ${FORMAT} version ${VERSION}`)
  }
  const merged = { ...parsed.params, ...params }
  try {
    checkParams(merged)
  } catch (err) {
    throw new InvalidIndexError(`Lexical index parameters are invalid: ${(err as Error).message}`, { cause: err })
  }
  const { feedback, ...bm25 } = merged
  try {
    return new Bm25LexicalIndex(createBm25Postings(bm25, parsed.postings), feedback)
  } catch (err) {
    throw new InvalidIndexError(`Lexical index data is malformed: ${(err as Error).message}`, { cause: err })
  }
}


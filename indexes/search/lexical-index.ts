import { createBm25Postings, weightedQueryTerms, type Bm25Params, type Bm25Postings, type PostingsContents } from './bm25-postings.js'
import { InvalidIndexError } from '../errors.js'
import { expandQuery, type FeedbackParams } from './expand-query.js'
import { decodeLexicalFile, encodeLexicalFile, LEXICAL_FORMAT, readLexicalHeader } from './lexical-file.js'
import { partsPrefix, type ByteParts } from './byte-parts.js'
import { fromFormat3 } from './lexical-format-3.js'
import { topK } from './top-k.js'
import type { AbortOptions } from '@libp2p/interface'

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

/**
 * What retrieval needs from a lexical (BM25) index: the best chunks of a
 * query, and the exact hit of given chunks (fusion scores dense-only
 * candidates with it). The in-process {@link LexicalIndex} answers
 * synchronously; the Postgres copy (`indexes/store/postgres-lexical.ts`)
 * asynchronously, with the same scores.
 */
export interface LexicalSearch {
  /** Number of indexed chunks */
  readonly size: number
  /** The `k` best chunks for `query`, best first (ties by id); only chunks with a score above 0 */
  search(query: string, k: number, options?: AbortOptions): LexicalHit[] | Promise<LexicalHit[]>
  /** The exact hit of each chunk in `ids`, in that order (score and coverage 0 when it matches nothing) */
  hits(query: string, ids: readonly number[], options?: AbortOptions): LexicalHit[] | Promise<LexicalHit[]>
}

/** Whether a {@link LexicalSearch} is the in-process index (which can be encoded, pinned and calibrated) */
export function isLexicalIndex (lexical: LexicalSearch): lexical is LexicalIndex {
  return typeof (lexical as Partial<LexicalIndex>).match === 'function'
}

/** A BM25 index over chunk texts, keyed by numeric chunk id */
export interface LexicalIndex extends LexicalSearch {
  /** Index chunks: `text` (usually the chunk text) and `context` (its title/headings line); ids must be unique */
  add(chunks: Array<{ id: number, text: string, context?: string }>): void
  /** Score `query` against every chunk (with pseudo-relevance feedback when {@link LexicalIndexOptions.feedback} is set) */
  match(query: string): LexicalMatches
  /** The `k` best chunks for `query`, best first (ties by id): `match(query).top(k)` */
  search(query: string, k: number): LexicalHit[]
  /** `match(query).get(id)` for each id */
  hits(query: string, ids: readonly number[]): LexicalHit[]
  /** The postings as they are (shared, not copied): for copying the index to a store */
  postings(): PostingsContents
  /** Number of indexed chunks */
  readonly size: number
  /** The parameters in use */
  readonly params: Readonly<LexicalParams>
  /**
   * Serialise (lexical index format 4, parameters included) in pieces of
   * about 1 MiB, never as one string; restore with {@link loadLexicalIndex}
   */
  encode(): Iterable<Uint8Array>
  /** {@link encode}'s pieces in one buffer */
  toBytes(): Uint8Array
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

/**
 * Version 4: a JSON header line, then varint-coded postings (see
 * `encodeLexicalFile`); version 3, still read, was one JSON document (same
 * contents). Version 3 changed the tokenizer (it also indexes the letter and
 * digit runs of mixed tokens, `il6` → `il6`, `il`, `6`): version 2 postings
 * hold other terms and are not read.
 */
const VERSION = 4

function checkParams (params: LexicalParams): void {
  const { k1, b, contextWeight, bigramWeight = 0, feedback } = params
  if (![k1, b, contextWeight, bigramWeight].every(x => typeof x === 'number') || !(k1 >= 0) || !(b >= 0 && b <= 1) || !(contextWeight >= 0) || !(bigramWeight >= 0)) {
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
    const postings = this.#postings
    const original = weightedQueryTerms(query, postings.params.bigramWeight ?? 0)
    const scorer = postings.scorer()
    let scores: Float64Array
    if (this.#feedback !== undefined) {
      const first = postings.scoreAll(original).scores
      scores = scorer.scores(first.size > 0 ? expandQuery(postings, original, first, this.#feedback) : original)
    } else {
      scores = scorer.scores(original)
    }
    const cover = scorer.coverage(original)
    const at = (d: number): LexicalHit => ({ id: scorer.ids[d] as number, score: scores[d] as number, coverage: cover(d) })
    let ranked: number[] = []
    let rankedFor = 0
    return {
      top (k) {
        if (k <= 0) return []
        // ranked for a smaller k and cut there: rank again
        if (k > rankedFor && (rankedFor === 0 || ranked.length === rankedFor)) { ranked = topK(scores, scorer.ids, k); rankedFor = k }
        return ranked.slice(0, k).map(at)
      },
      get (id) {
        const d = scorer.docNumber(id)
        return d < 0 ? { id, score: 0, coverage: 0 } : { ...at(d), id }
      }
    }
  }

  search (query: string, k: number): LexicalHit[] {
    return this.match(query).top(k)
  }

  hits (query: string, ids: readonly number[]): LexicalHit[] {
    const matches = this.match(query)
    return ids.map(id => matches.get(id))
  }

  postings (): PostingsContents {
    return this.#postings.contents()
  }

  encode (): Iterable<Uint8Array> {
    return encodeLexicalFile(this.params, this.#postings.contents())
  }

  toBytes (): Uint8Array {
    const pieces = [...this.encode()]
    const out = new Uint8Array(pieces.reduce((sum, p) => sum + p.byteLength, 0))
    let at = 0
    for (const p of pieces) { out.set(p, at); at += p.byteLength }
    return out
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
 * Whether `data` is a lexical index of an earlier format, which
 * {@link loadLexicalIndex} no longer reads: version 1 (MiniSearch, before field
 * weights and exact scoring) or 2 (an earlier tokenizer).
 * Rebuild it from the chunks instead (cheap: no embedding).
 */
export function isLegacyLexicalIndex (data: string | Uint8Array | ByteParts): boolean {
  const head = typeof data === 'string' ? data.slice(0, 64) : new TextDecoder().decode(data instanceof Uint8Array ? data.subarray(0, 64) : partsPrefix(data, 64))
  return /^\{"format":"quarry-lexical-index","version":[12][,}]/.test(head)
}

/** Parameters and contents of a lexical index file of version 3 (JSON) or 4 */
function decode (data: string | Uint8Array | ByteParts): { params: Record<string, unknown>, contents: PostingsContents } {
  const version = typeof data === 'string' ? undefined : readLexicalHeader(data)?.header.version
  if (version === 4) return decodeLexicalFile(data as Uint8Array | ByteParts)
  let parsed: any
  try {
    // a version 3 file is one JSON string (never written in parts)
    parsed = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data instanceof Uint8Array ? data : partsPrefix(data, Infinity)))
  } catch (err) {
    throw new InvalidIndexError('Lexical index is neither valid JSON (version 3) nor a version 4 file', { cause: err })
  }
  if (parsed?.format !== LEXICAL_FORMAT || parsed.version !== 3) {
    throw new InvalidIndexError(`Lexical index is not a ${LEXICAL_FORMAT} version 3 or ${VERSION}`)
  }
  return fromFormat3(parsed)
}

/**
 * Restore an index written by {@link LexicalIndex.encode} (format 4: one
 * buffer, or the file's parts in order, read in place), or a format 3 one
 * (JSON, converted as it loads), with its parameters, or with `params`
 * overriding them (no re-indexing needed).
 *
 * @throws {InvalidIndexError} when `data` is not such an index
 */
export function loadLexicalIndex (data: string | Uint8Array | ByteParts, params: Partial<LexicalParams> = {}): LexicalIndex {
  let decoded
  try {
    decoded = decode(data)
  } catch (err) {
    if (err instanceof InvalidIndexError) throw err
    throw new InvalidIndexError(`Lexical index data is malformed: ${(err as Error).message}`, { cause: err })
  }
  const merged = { ...decoded.params, ...params } as LexicalParams
  try {
    checkParams(merged)
  } catch (err) {
    throw new InvalidIndexError(`Lexical index parameters are invalid: ${(err as Error).message}`, { cause: err })
  }
  const { feedback, ...bm25 } = merged
  try {
    return new Bm25LexicalIndex(createBm25Postings(bm25, decoded.contents), feedback)
  } catch (err) {
    throw new InvalidIndexError(`Lexical index data is malformed: ${(err as Error).message}`, { cause: err })
  }
}

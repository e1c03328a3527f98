import MiniSearch from 'minisearch'
import type { AsPlainObject, Options, SearchOptions } from 'minisearch'
import { InvalidIndexError } from './errors.js'
import { tokenize } from './tokenize.js'

/** A BM25 index over chunk texts, keyed by numeric chunk id */
export interface LexicalIndex {
  /** Index texts (usually `embeddingText(chunk)`); ids must be unique */
  add(chunks: Array<{ id: number, text: string }>): void
  /** The `k` best chunks for `query` by BM25 score, best first (ties by id) */
  search(query: string, k: number): Array<{ id: number, score: number }>
  /** Number of indexed chunks */
  readonly size: number
  /** Serialise, parameters included; restore with {@link loadLexicalIndex} */
  toJSON(): string
}

/** BM25 parameters */
export interface LexicalIndexOptions {
  /** Term frequency saturation. @default 0.9 (Anserini) */
  k1?: number
  /** Document length normalisation. @default 0.4 (Anserini) */
  b?: number
}

/** Defaults for {@link LexicalIndexOptions} */
export const DEFAULT_BM25 = { k1: 0.9, b: 0.4 } as const

const FORMAT = 'quarry-lexical-index'
const VERSION = 1
const SEP = '\u0000'

interface SerializedLexicalIndex {
  format: typeof FORMAT
  version: typeof VERSION
  k1: number
  b: number
  minisearch: AsPlainObject
}

/**
 * MiniSearch options giving classic BM25 (Anserini: Lucene English stopwords,
 * Porter stemmer). Two MiniSearch quirks are undone: it counts a field's length
 * as its number of distinct tokens, so every token is made distinct by
 * `tokenize` (an occurrence suffix that `processTerm` strips again); and it
 * multiplies scores by the number of matched query terms, which `search`
 * divides out.
 */
function miniSearchOptions (k1: number, b: number): Options<{ id: number, text: string }> {
  const searchOptions: SearchOptions = { combineWith: 'OR', prefix: false, fuzzy: false, bm25: { k: k1, b, d: 0 } }
  return {
    fields: ['text'],
    storeFields: [],
    tokenize: (text) => tokenize(text).map((term, i) => `${term}${SEP}${i}`),
    processTerm: (token) => token.slice(0, token.indexOf(SEP)),
    searchOptions
  }
}

class MiniSearchLexicalIndex implements LexicalIndex {
  readonly #k1: number
  readonly #b: number
  readonly #index: MiniSearch<{ id: number, text: string }>

  constructor (k1: number, b: number, plain?: AsPlainObject) {
    this.#k1 = k1
    this.#b = b
    const options = miniSearchOptions(k1, b)
    this.#index = plain == null ? new MiniSearch(options) : MiniSearch.loadJS(plain, options)
  }

  get size (): number {
    return this.#index.documentCount
  }

  add (chunks: Array<{ id: number, text: string }>): void {
    this.#index.addAll(chunks.map(({ id, text }) => ({ id, text })))
  }

  search (query: string, k: number): Array<{ id: number, score: number }> {
    if (k <= 0) {
      return []
    }
    return this.#index.search(query)
      .map((result) => ({ id: result.id as number, score: result.score / Math.max(1, result.queryTerms.length) }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, k)
  }

  toJSON (): string {
    const serialized: SerializedLexicalIndex = {
      format: FORMAT,
      version: VERSION,
      k1: this.#k1,
      b: this.#b,
      minisearch: this.#index.toJSON()
    }
    return JSON.stringify(serialized)
  }
}

/**
 * Create an empty BM25 index. Scores are classic BM25,
 * `idf · tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl))` summed over query terms,
 * with `idf = ln(1 + (N − n + 0.5)/(n + 0.5))`.
 */
export function createLexicalIndex (options: LexicalIndexOptions = {}): LexicalIndex {
  const k1 = options.k1 ?? DEFAULT_BM25.k1
  const b = options.b ?? DEFAULT_BM25.b
  if (!(k1 >= 0) || !(b >= 0 && b <= 1)) {
    throw new RangeError(`Invalid BM25 parameters k1=${k1} b=${b}`)
  }
  return new MiniSearchLexicalIndex(k1, b)
}

/**
 * Restore an index written by {@link LexicalIndex.toJSON}, with its k1 and b.
 *
 * @throws {InvalidIndexError} when `json` is not such an index
 */
export function loadLexicalIndex (json: string): LexicalIndex {
  let parsed: Partial<SerializedLexicalIndex>
  try {
    parsed = JSON.parse(json)
  } catch (err) {
    throw new InvalidIndexError('Lexical index is not valid JSON', { cause: err })
  }
  if (parsed?.format !== FORMAT || parsed.version !== VERSION || typeof parsed.k1 !== 'number' ||
    typeof parsed.b !== 'number' || typeof parsed.minisearch !== 'object' || parsed.minisearch == null) {
    throw new InvalidIndexError(`Lexical index is not a ${FORMAT} version ${VERSION}`)
  }
  try {
    return new MiniSearchLexicalIndex(parsed.k1, parsed.b, parsed.minisearch)
  } catch (err) {
    throw new InvalidIndexError('Lexical index data is malformed', { cause: err })
  }
}

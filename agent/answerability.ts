/**
 * Whether the retrieved passages can answer a question at all, judged the
 * same way for every index and embedder, from the index's own statistics:
 * how much of the question's weight (idf over the index's chunks) the
 * index's vocabulary holds, and how much the best passage holds. A question
 * whose most telling words the corpus never uses ("Cardano's Ouroboros",
 * "Neapolitan pizza") is about something else, whatever common words it
 * shares. The thresholds are shares of the question's weight, so they carry
 * from one index to another; no cosine similarity is involved, so it works
 * unchanged when the dense fusion weight is 0 and with any embedder.
 *
 * @packageDocumentation
 */

import { contentTerms, queryTerms } from './relevance.js'
import { passageTerms, passageText } from './passage-terms.js'
import { documentTermsOf, type DocumentTerms } from './document-terms.js'
import type { Chunk, SearchResult } from '../indexes/index.js'

/** Document frequencies of stemmed content terms over an index's chunks */
export interface TermStatistics {
  /** Number of chunks */
  readonly chunks: number
  /** Chunks that contain `term` (stemmed, see {@link contentTerms}) */
  df(term: string): number
  /** Which of some terms a chunk's whole document (every chunk of it in the index) holds, when the index's chunks are at hand */
  readonly documentTerms?: DocumentTerms
}

/** Options for {@link isAnswerable} */
export interface AnswerabilityOptions {
  /** Term statistics of the index searched (without them, idf is taken over the results alone) */
  stats?: TermStatistics
  /** Coverage the best passage must reach. @default {@link DEFAULT_MIN_COVERAGE} */
  minCoverage?: number
  /** Share of the question's weight the index's vocabulary must hold. @default {@link DEFAULT_MIN_KNOWN} */
  minKnown?: number
  /** Lower vocabulary share accepted when one passage matches closely. @default {@link DEFAULT_MIN_KNOWN_MATCHED} */
  minKnownMatched?: number
  /** Share of the known weight one passage must hold for that. @default {@link DEFAULT_MIN_MATCHED_SHARE} */
  minMatchedShare?: number
}

/**
 * Default share of a question's idf weight that the index's vocabulary must
 * hold: below it, the question's most telling words are ones the corpus
 * never uses (it is about something else). Chosen on the dev sets (Filecoin
 * docs dev and FAQ dev against off-topic dev; see docs/evaluation.md).
 */
export const DEFAULT_MIN_KNOWN = 0.8

/**
 * Default share of a question's idf weight that one of the best passages
 * must contain: a sanity floor, so that retrieval that found nothing of the
 * question is not quoted.
 */
export const DEFAULT_MIN_COVERAGE = 0.1

/**
 * A question whose vocabulary share is below {@link DEFAULT_MIN_KNOWN} is
 * still answered when it is at least this share (its unknown words weigh
 * little more than one rare word: "worthwhile", a paraphrase the corpus does
 * not use)…
 */
export const DEFAULT_MIN_KNOWN_MATCHED = 0.6

/**
 * …and one of the best passages holds at least this share of the weight the
 * index does know: the rest of the question is matched closely in one place.
 * Off-topic questions that share common words with the corpus match them
 * spread over many passages (well under half in one).
 */
export const DEFAULT_MIN_MATCHED_SHARE = 0.6

/** How many of the best results are inspected */
export const ANSWERABILITY_DEPTH = 5

const statsCache = new WeakMap<readonly Chunk[], TermStatistics>()

/** Chunks holding each stemmed content term of a passage's text (title, path words, headings, readable body) */
export function documentFrequencies (chunks: readonly Chunk[]): Map<string, number> {
  const df = new Map<string, number>()
  for (const chunk of chunks) {
    for (const t of new Set(contentTerms(passageText(chunk)))) df.set(t, (df.get(t) ?? 0) + 1)
  }
  return df
}

/** {@link TermStatistics} over `chunks` chunks with these document frequencies (and, given the chunks themselves, their documents' terms) */
export function statisticsOf (chunks: number, df: ReadonlyMap<string, number>, of?: readonly Chunk[]): TermStatistics {
  return { chunks, df: (term) => df.get(term) ?? 0, ...(of !== undefined ? { documentTerms: documentTermsOf(of) } : {}) }
}

/** The {@link TermStatistics} of an index's chunks (readable text, title and headings), computed once per chunk array */
export function termStatistics (chunks: readonly Chunk[]): TermStatistics {
  const cached = statsCache.get(chunks)
  if (cached !== undefined) return cached
  const stats = statisticsOf(chunks.length, documentFrequencies(chunks), chunks)
  statsCache.set(chunks, stats)
  return stats
}

/**
 * The idf-weighted share (0–1) of the question's terms found in a passage.
 * idf is `ln(1 + N / (df + 0.5))` over the index's chunks, so a term the
 * corpus never uses weighs most and is, of course, never found.
 */
export function questionCoverage (terms: readonly string[], chunk: Chunk, stats: TermStatistics): number {
  if (terms.length === 0) return 0
  const have = passageTerms(chunk)
  let found = 0
  let total = 0
  for (const t of terms) {
    const w = Math.log(1 + stats.chunks / (stats.df(t) + 0.5))
    total += w
    if (have.has(t)) found += w
  }
  return total === 0 ? 0 : found / total
}

/**
 * The idf-weighted share (0–1) of the question's terms that occur anywhere
 * in the index. Terms the corpus never uses carry the largest idf, so one
 * unknown key word ("Ouroboros", "brisket") outweighs several common ones.
 */
export function vocabularyCoverage (terms: readonly string[], stats: TermStatistics): number {
  let known = 0
  let total = 0
  for (const t of terms) {
    const df = stats.df(t)
    const w = Math.log(1 + stats.chunks / (df + 0.5))
    total += w
    if (df > 0) known += w
  }
  return total === 0 ? 0 : known / total
}

/** The best {@link questionCoverage} among the first {@link ANSWERABILITY_DEPTH} results */
export function bestCoverage (question: string, results: readonly SearchResult[], stats?: TermStatistics): number {
  const terms = queryTerms(question)
  const own = stats ?? termStatistics(results.map(r => r.chunk))
  let best = 0
  for (const r of results.slice(0, ANSWERABILITY_DEPTH)) best = Math.max(best, questionCoverage(terms, r.chunk, own))
  return best
}

/**
 * Whether the results can answer the question: one of the best passages
 * holds at least `minCoverage` of the question's idf weight, and the index's
 * vocabulary holds at least `minKnown` of it — or, when a word or so of the
 * question is unknown to the index, at least `minKnownMatched`, with one
 * passage holding `minMatchedShare` of the known weight (a paraphrase the
 * corpus does not use, around words it matches closely in one place).
 * Without `stats` (the index's), the vocabulary test is skipped. A question
 * without content terms ("what is it?") is never answerable this way.
 */
export function isAnswerable (question: string, results: readonly SearchResult[], options: AnswerabilityOptions = {}): boolean {
  const terms = queryTerms(question)
  if (results.length === 0 || terms.length === 0) return false
  const best = bestCoverage(question, results, options.stats)
  if (best < (options.minCoverage ?? DEFAULT_MIN_COVERAGE)) return false
  if (options.stats === undefined) return true
  const known = vocabularyCoverage(terms, options.stats)
  if (known >= (options.minKnown ?? DEFAULT_MIN_KNOWN)) return true
  return known >= (options.minKnownMatched ?? DEFAULT_MIN_KNOWN_MATCHED) && best >= known * (options.minMatchedShare ?? DEFAULT_MIN_MATCHED_SHARE)
}

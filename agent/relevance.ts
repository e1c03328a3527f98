/**
 * Lexical relevance helpers shared by the answerers: tokenising with a
 * stopword list and Porter stemming, query-term overlap, and the abstention
 * decision {@link isRelevant}.
 *
 * @packageDocumentation
 */

import { stemmer } from 'stemmer'
import type { SearchResult } from '../indexes/index.js'

/**
 * English stopwords plus question words and filler verbs ("what", "explain",
 * "tell"), which carry no topic on their own.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(`a about above after again against all also am an and any are aren as at be because been before
being below between both but by can cannot could did do does doing done don down during each either else etc ever every
few for from further get gets getting got had has have having he her here hers herself him himself his how however i if in
into is isn it its itself just least less let like made make many may me might more most much must my myself need no nor
not now of off often on once one only or other others our ours ourselves out over own per please rather really same say
says shall she should show since so some such tell than that the their theirs them themselves then there these they thing
things this those through thus to too under until up upon us use used uses using very via was we well were what whatever
when where whether which while who whom whose why will with within without would yes yet you your yours yourself
yourselves explain describe mean means meant define definition difference kind kinds type types way ways work works s t`
  .split(/\s+/))

/** Shortest token kept (after removing stopwords); digits are always kept */
const MIN_TOKEN_LENGTH = 2

/**
 * Below this cosine similarity (Universal Sentence Encoder, 512-d) a passage
 * is taken to be about something else, whatever words it shares with the
 * question. Measured on the Filecoin docs (1,914 heading sections): the best
 * passage for 44 answerable questions scored 0.35–0.89 (most above 0.45),
 * for 15 off-topic questions 0.18–0.52 (answered only when words match too).
 */
export const MIN_DENSE_SCORE = 0.3

/**
 * At or above this cosine similarity a passage is relevant even when it shares
 * too few words with the question (a paraphrase). Set above the highest
 * off-topic score measured on the Filecoin docs (0.52, "How do I bake
 * sourdough bread?" against the builder cookbook's "recipes").
 */
export const STRONG_DENSE_SCORE = 0.6

/**
 * Fraction of the question's content terms (stemmed, stopwords removed) that
 * a passage must contain to count as relevant. With three content terms one
 * match is not enough ("recipe chocolate cake" vs a page that mentions cake).
 */
export const MIN_TERM_OVERLAP = 0.4

/**
 * Content terms a passage must share with a question that has at least this
 * many, so that one common word ("capital", "network") is not enough.
 */
export const MIN_TERM_HITS = 2

/**
 * Share of the question's content terms a passage must contain to count as
 * relevant on lexical evidence alone, whatever its cosine similarity (noisy
 * OCR text embeds poorly but still shares the question's rare words).
 */
export const STRONG_TERM_OVERLAP = 0.6

/** Content terms a passage must contain for {@link STRONG_TERM_OVERLAP} to apply */
export const STRONG_TERM_HITS = 3

/** How many of the best results {@link isRelevant} inspects */
export const RELEVANCE_DEPTH = 5

/** Lower-case word tokens (letters and digits; inner apostrophes, hyphens and dots split words) */
export function words (text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
}

/** Stemmed content terms of a text, in order, with repeats: stopwords and one-letter words removed */
export function contentTerms (text: string): string[] {
  const out: string[] = []
  for (const w of words(text)) {
    if (STOPWORDS.has(w) || (w.length < MIN_TOKEN_LENGTH && !/\d/.test(w))) continue
    out.push(stemmer(w))
  }
  return out
}

/** The distinct stemmed content terms of a question */
export function queryTerms (question: string): string[] {
  return [...new Set(contentTerms(question))]
}

/**
 * Fraction (0–1) of the query terms that occur in `text`. Returns 0 when the
 * query has no content terms.
 */
export function termOverlap (terms: readonly string[], text: string): number {
  return terms.length === 0 ? 0 : termHits(terms, text) / terms.length
}

/** How many of the query terms occur in `text` */
export function termHits (terms: readonly string[], text: string): number {
  const have = new Set(contentTerms(text))
  let hits = 0
  for (const t of terms) if (have.has(t)) hits++
  return hits
}

/** The text of a result that relevance is judged on: title, path words, headings and body */
export function resultText (result: SearchResult): string {
  const { chunk } = result
  return [chunk.title, chunk.path.replace(/[/_.-]+/g, ' '), ...(chunk.headings ?? []), chunk.text].join('\n')
}

/**
 * Decide whether the retrieved passages have anything to do with the
 * question, so an answerer can abstain instead of quoting noise.
 *
 * A result among the first {@link RELEVANCE_DEPTH} is relevant when it
 * contains at least {@link MIN_TERM_OVERLAP} of the question's content terms
 * (and at least {@link MIN_TERM_HITS} of them when the question has that
 * many) and its cosine similarity is at least {@link MIN_DENSE_SCORE}; or
 * when its cosine similarity is at least {@link STRONG_DENSE_SCORE}. In a
 * hybrid list, a hit that only the lexical index found is given the lowest
 * cosine similarity in the list (the dense index ranked it lower than all of
 * them); in a lexical-only list, term overlap decides alone. A question with
 * no content terms ("what is it?") is answerable only through a strong dense
 * score. BM25 (`lexicalScore`) is not normalised across corpora, so it is not
 * used as a threshold.
 */
export function isRelevant (question: string, results: readonly SearchResult[]): boolean {
  const terms = queryTerms(question)
  const denseScores = results.flatMap(r => r.denseScore ?? [])
  const denseFloor = denseScores.length === 0 ? undefined : Math.min(...denseScores)
  for (const result of results.slice(0, RELEVANCE_DEPTH)) {
    const dense = result.denseScore ?? denseFloor
    if (dense !== undefined && dense >= STRONG_DENSE_SCORE) return true
    if (terms.length === 0) continue
    const hits = termHits(terms, resultText(result))
    if (hits >= STRONG_TERM_HITS && hits / terms.length >= STRONG_TERM_OVERLAP) return true
    if (dense !== undefined && dense < MIN_DENSE_SCORE) continue
    if (hits / terms.length >= MIN_TERM_OVERLAP && hits >= Math.min(MIN_TERM_HITS, terms.length)) return true
  }
  return false
}

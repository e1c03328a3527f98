/**
 * Lexical helpers shared by the answerers: tokenising with a stopword list
 * and Porter stemming, and query-term overlap. (Whether passages answer a
 * question at all is decided in `answerability.ts`.)
 *
 * @packageDocumentation
 */

import { stem } from '../indexes/index.js'

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
yourselves shouldn couldn wouldn didn doesn wasn weren hasn haven hadn mustn needn ll ve re explain describe mean means meant define definition difference kind kinds type types way ways work works s t`
  .split(/\s+/))

/** Shortest token kept (after removing stopwords); digits are always kept */
const MIN_TOKEN_LENGTH = 2

/** Lower-case word tokens (letters and digits; inner apostrophes, hyphens and dots split words) */
export function words (text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
}

/** Stemmed content terms of a text, in order, with repeats: stopwords and one-letter words removed */
export function contentTerms (text: string): string[] {
  const out: string[] = []
  for (const w of words(text)) {
    if (STOPWORDS.has(w) || (w.length < MIN_TOKEN_LENGTH && !/\d/.test(w))) continue
    out.push(stem(w))
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

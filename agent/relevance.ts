/**
 * Lexical helpers shared by the answerers: the search's tokenizer
 * (`indexes/search/tokenize.ts`) with a longer stopword list, and query-term
 * overlap. (Whether passages answer a
 * question at all is decided in `answerability.ts`.)
 *
 * @packageDocumentation
 */

import { ENGLISH_STOPWORDS, QUESTION_WORDS, tokenize, wordTokens } from '../indexes/index.js'
import { canonicalTerms } from './canonical-terms.js'

/**
 * Filler verbs ("explain", "tell") and other common words that carry no topic
 * on their own, added with the question words (`QUESTION_WORDS`) to the
 * search's stopword list (`ENGLISH_STOPWORDS`).
 */
const NO_TOPIC_WORDS = `about above after again against all also am any aren because been before
being below between both cannot isn doing done don down during each either else etc ever every
few from further get gets getting got had has have having he her here hers herself him himself his however
its itself just least less let like made make many may might more most much must myself need nor
now off often once one only other others ours ourselves out over own per please rather really same say
says shall she show since so some tell than theirs them themselves thing
things those through thus too under until up upon us use used uses using very via well were whatever
whether while within without yes yet yours yourself
yourselves shouldn couldn wouldn didn doesn wasn weren hasn haven hadn mustn needn ll ve re explain describe mean means meant define definition difference kind kinds type types way ways work works s t`
  .split(/\s+/)

/**
 * The answerers' stopwords: the search's English stopwords plus question
 * words and filler verbs, which carry no topic on their own.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([...ENGLISH_STOPWORDS, ...QUESTION_WORDS, ...NO_TOPIC_WORDS])

/** Shortest token kept (after removing stopwords); digits are always kept */
const MIN_TOKEN_LENGTH = 2

/**
 * Lower-case word tokens, split as the search splits them (the one
 * tokenizer, `wordTokens`): NFKC, possessive `'s` dropped, apostrophes,
 * hyphens and dots split words.
 */
export function words (text: string): string[] {
  return wordTokens(text)
}

/**
 * Stemmed content terms of a text, in order, with repeats: the search's
 * `tokenize` with {@link STOPWORDS} and one-letter words removed, each thing
 * in one spelling ({@link canonicalTerms}: "17 Dec 63" holds December and
 * 1963, "Cuban" holds Cuba).
 */
export function contentTerms (text: string): string[] {
  return canonicalTerms(tokenize(text, { stopwords: STOPWORDS, minLength: MIN_TOKEN_LENGTH }))
}

/** How many words' terms {@link wordTerms} remembers before it starts afresh */
const WORD_TERMS_KEPT = 50_000
let wordTermsCache = new Map<string, readonly string[]>()

/**
 * {@link contentTerms} of one word (as a sentence splits on whitespace),
 * remembered: the answer step reads the same words' terms over and over (a
 * figure's neighbours, a document's words at a probe)
 */
export function wordTerms (word: string): readonly string[] {
  let terms = wordTermsCache.get(word)
  if (terms === undefined) {
    if (wordTermsCache.size >= WORD_TERMS_KEPT) wordTermsCache = new Map()
    terms = contentTerms(word)
    wordTermsCache.set(word, terms)
  }
  return terms
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

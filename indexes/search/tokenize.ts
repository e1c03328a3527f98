import { stemmer } from 'stemmer'

/**
 * Lucene's default English stopword set (`EnglishAnalyzer.ENGLISH_STOP_WORDS_SET`),
 * the set Anserini's BM25 baselines use.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in',
  'into', 'is', 'it', 'no', 'not', 'of', 'on', 'or', 'such', 'that', 'the',
  'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was', 'will', 'with'
])

/** English possessive `'s` (straight or curly apostrophe) at the end of a word */
const POSSESSIVE = /(?<=[\p{L}\p{N}])['\u2019]s(?![\p{L}\p{M}\p{N}])/gu

/**
 * A token is one Han or Hiragana character (scripts written without spaces,
 * indexed as unigrams like Lucene's StandardTokenizer does) or a run of
 * letters, combining marks and digits of any other script.
 */
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}])[\p{L}\p{M}\p{N}])+/gu

/**
 * Turn text into BM25 terms: Unicode NFKC, lower case, drop possessive `'s`,
 * split on anything that is not a letter, mark or digit, drop English
 * stopwords, Porter-stem. Index and query text go through the same function.
 *
 * @example
 * ```ts
 * tokenize("The miners' storage proofs") // ['miner', 'storag', 'proof']
 * ```
 */
export function tokenize (text: string): string[] {
  const normalised = text.normalize('NFKC').toLowerCase().replace(POSSESSIVE, '')
  const terms: string[] = []
  for (const [token] of normalised.matchAll(TOKEN)) {
    if (ENGLISH_STOPWORDS.has(token)) {
      continue
    }
    terms.push(stemmer(token))
  }
  return terms
}

import { stem } from './stem.js'

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

const LETTER = /\p{L}/u
const DIGIT = /\p{N}/u

/** The maximal letter (with marks) and digit runs of a token */
const RUNS = /[\p{L}\p{M}]+|\p{N}+/gu

/**
 * Turn text into BM25 terms: Unicode NFKC, lower case, drop possessive `'s`,
 * split on anything that is not a letter, mark or digit, drop English
 * stopwords, Porter-stem. A token that mixes letters and digits is kept whole
 * and also split into its letter and digit runs (`il6` → `il6`, `il`, `6`), so
 * `IL6` matches `IL-6` and `p53` matches `p 53`. Index and query text go
 * through the same function.
 *
 * @example
 * ```ts
 * tokenize("The miners' storage proofs") // ['miner', 'storag', 'proof']
 * tokenize('IL6 and TNF-α') // ['il6', 'il', '6', 'tnf', 'α']
 * ```
 */
export function tokenize (text: string): string[] {
  const normalised = text.normalize('NFKC').toLowerCase().replace(POSSESSIVE, '')
  const terms: string[] = []
  for (const [token] of normalised.matchAll(TOKEN)) {
    if (ENGLISH_STOPWORDS.has(token)) {
      continue
    }
    terms.push(stem(token))
    if (LETTER.test(token) && DIGIT.test(token)) {
      for (const [run] of token.matchAll(RUNS)) {
        if (!ENGLISH_STOPWORDS.has(run)) terms.push(stem(run))
      }
    }
  }
  return terms
}

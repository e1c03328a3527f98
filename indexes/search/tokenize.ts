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

/**
 * The words that frame a question rather than say what it asks about:
 * interrogatives, the auxiliaries that open a question, first- and
 * second-person pronouns ("How do I …", "What can we …"); lower case, compared
 * before stemming. A query weighs them less (`QUESTION_WORD_WEIGHT`); the
 * answerers drop them with the other words that carry no topic.
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set([
  'how', 'what', 'when', 'where', 'why', 'which', 'who', 'whom', 'whose',
  'do', 'does', 'did', 'can', 'could', 'should', 'would',
  'i', 'my', 'me', 'we', 'our', 'you', 'your'
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

/** Options of {@link tokenize} */
export interface TokenizeOptions {
  /**
   * Words left out (compared before stemming, in lower case)
   *
   * @default ENGLISH_STOPWORDS
   */
  stopwords?: ReadonlySet<string>
  /**
   * Shortest letter token kept; tokens with a digit are always kept
   *
   * @default 1
   */
  minLength?: number
}

/**
 * The word tokens of a text, before stopwords and stemming: Unicode NFKC,
 * lower case, possessive `'s` dropped, split on anything that is not a
 * letter, mark or digit (Han and Hiragana one character each).
 *
 * @example
 * ```ts
 * wordTokens("The miner's IL-6 proofs") // ['the', 'miner', 'il', '6', 'proofs']
 * ```
 */
export function wordTokens (text: string): string[] {
  // ASCII text (most sentences) takes a shorter road to the same tokens: NFKC leaves it as it is, and its
  // letters, marks and digits are a-z and 0-9 once lower-cased
  if (ASCII.test(text)) {
    const lower = text.toLowerCase()
    return (lower.includes("'") ? lower.replace(ASCII_POSSESSIVE, '') : lower).match(ASCII_TOKEN) ?? []
  }
  return normalise(text).match(TOKEN) ?? []
}

const ASCII = /^[\x00-\x7f]*$/
const ASCII_TOKEN = /[a-z0-9]+/g
/** {@link POSSESSIVE} in lower-cased ASCII text */
const ASCII_POSSESSIVE = /(?<=[a-z0-9])'s(?![a-z0-9])/g

function normalise (text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(POSSESSIVE, '')
}

/**
 * Turn text into BM25 terms: {@link wordTokens} less English stopwords,
 * Porter-stemmed. A token that mixes letters and digits is kept whole
 * and also split into its letter and digit runs (`il6` → `il6`, `il`, `6`), so
 * `IL6` matches `IL-6` and `p53` matches `p 53`. Index and query text go
 * through the same function; the answerers pass a longer stopword list and a
 * minimum length (`agent/relevance.ts`).
 *
 * @example
 * ```ts
 * tokenize("The miners' storage proofs") // ['miner', 'storag', 'proof']
 * tokenize('IL6 and TNF-α') // ['il6', 'il', '6', 'tnf', 'α']
 * ```
 */
export function tokenize (text: string, options: TokenizeOptions = {}): string[] {
  const stopwords = options.stopwords ?? ENGLISH_STOPWORDS
  const minLength = options.minLength ?? 1
  const skip = (token: string): boolean => stopwords.has(token) || (token.length < minLength && !DIGIT.test(token))
  const terms: string[] = []
  for (const token of wordTokens(text)) {
    if (skip(token)) {
      continue
    }
    terms.push(stem(token))
    if (LETTER.test(token) && DIGIT.test(token)) {
      for (const [run] of token.matchAll(RUNS)) {
        if (!skip(run)) terms.push(stem(run))
      }
    }
  }
  return terms
}

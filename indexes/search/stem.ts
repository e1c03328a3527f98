import { stemmer } from 'stemmer'

/** Most words remembered; past it the memory starts again (a corpus has far fewer distinct words) */
const MAX_WORDS = 500_000

let stems = new Map<string, string>()

/**
 * The Porter stem of a lower-case word, remembered: a corpus repeats its
 * words, and stemming every occurrence was the largest single cost of
 * building BM25 and of the answerers' term statistics. Same result as
 * `stemmer(word)`.
 */
export function stem (word: string): string {
  let s = stems.get(word)
  if (s === undefined) {
    s = stemmer(word)
    if (stems.size >= MAX_WORDS) stems = new Map()
    stems.set(word, s)
  }
  return s
}

/**
 * SQuAD answer normalisation, shared by token F1 and exact match.
 *
 * @packageDocumentation
 */

// ASCII punctuation (Python's string.punctuation, what SQuAD strips) plus any
// Unicode punctuation (curly quotes, dashes) so that typography does not count
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~\p{P}]/gu
const ARTICLES = /\b(a|an|the)\b/g
const CITATION_MARKERS = /\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]/g

/**
 * Removes citation markers (`[1]`, `[2, 3]`, `[1-2]`) from an answer so the
 * markers are not scored as answer tokens.
 */
export function stripCitationMarkers (text: string): string {
  return text.replace(CITATION_MARKERS, ' ')
}

/**
 * SQuAD's `normalize_answer`: lowercase, strip punctuation, drop the articles
 * a/an/the, collapse whitespace.
 */
export function normalizeAnswer (text: string): string {
  return text
    .toLowerCase()
    .replace(PUNCTUATION, '')
    .replace(ARTICLES, ' ')
    .split(/\s+/u)
    .filter(t => t !== '')
    .join(' ')
}

/** The whitespace tokens of {@link normalizeAnswer}'s output */
export function answerTokens (text: string): string[] {
  const normalized = normalizeAnswer(text)
  return normalized === '' ? [] : normalized.split(' ')
}

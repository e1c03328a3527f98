import { endsOnContinuingWord, splitSentences, type SentenceSpan, type SplitOptions } from './split-sentences.js'

/** A sentence's last character when it ends a sentence (closing quotes and brackets skipped) */
const FINAL = /[.!?…:。！？]["'’”)\]*_]*$/u
/** A span that stops on a word, a comma or a hyphen: a clause that goes on */
const OPEN_END = /[\p{L}\p{N},\-–—]$/u

/**
 * Whether a sentence span of `text` is cut mid-clause rather than a whole
 * sentence:
 *
 * - prose that runs to the end of the text without a sentence's final
 *   punctuation (the text is a chunk that stops mid-sentence, as in "…which
 *   caused the Mexico City Station to");
 * - in wrapped text (OCR pages): prose at the start of the text that starts
 *   in lower case (the rest of a sentence begun on the page or chunk
 *   before), and prose that stops on a comma, on a word no clause ends on
 *   ("to", "of", "the", "which", "particularly", …) or on any word where the
 *   text goes on in lower case (a long run-on sentence cut at a line break).
 *
 * Headings, list items, table rows and code are never cut.
 */
export function isCutSpan (span: SentenceSpan, text: string, options: SplitOptions = {}): boolean {
  if (span.kind !== 'prose') return false
  const atEnd = text.slice(span.end).trim() === ''
  if (atEnd && !FINAL.test(span.text)) return true
  if (options.wrapped !== true) return false
  if (text.slice(0, span.start).trim() === '' && /^\p{Ll}/u.test(span.text)) return true
  const next = /\S/u.exec(text.slice(span.end))?.[0] ?? ''
  if (OPEN_END.test(span.text) && /\p{Ll}/u.test(next)) return true
  return !FINAL.test(span.text) && (/[,\-–—]$/u.test(span.text) || endsOnContinuingWord(span.text))
}

/**
 * The whole sentences of a text: {@link splitSentences} less the spans cut
 * mid-clause ({@link isCutSpan}). What an extractive answer may quote.
 */
export function wholeSentences (text: string, options: SplitOptions = {}): SentenceSpan[] {
  return splitSentences(text, options).filter(span => !isCutSpan(span, text, options))
}

import { readableTextMap, sentenceStyle } from '../../indexes/index.js'
import { utf8Length } from '../draft.js'
import type { Citation } from '../answer-record.js'

/** Where a verbatim sentence sits in its source */
export interface VerbatimSource {
  /** The citation whose quote holds the sentence */
  n: number
  /** UTF-8 byte range of the sentence's source text inside the document (within the quote's range) */
  byteStart: number
  byteEnd: number
}

/** Citation markers (`[1]`, `[bafk…]`), left out of a sentence before it is compared */
const MARKER = /\[\s*(?:\d+|[a-z0-9:/.]{20,})\s*\]/giu
const WORD_CHAR = /[\p{L}\p{N}]/u

/** A sentence as compared: markers dropped, whitespace runs one space, trimmed */
function comparable (sentence: string): string {
  return sentence.replace(MARKER, ' ').replace(/\s+/g, ' ').trim()
}

/**
 * Whether a sentence is verbatim in one of its quotes: after the one shared
 * normalisation (`readableText` in `sentenceStyle` of the citation's path:
 * markup stripped, line wraps and hyphenated line breaks joined, whitespace
 * runs one space), the sentence is a run of whole words of the quote, every
 * character the same. Returns where the sentence's words are in the
 * document (a byte range inside the quote's), or `undefined` when it is not
 * verbatim in any quote (a paraphrase).
 */
export function verbatimSource (sentence: string, quotes: ReadonlyArray<Pick<Citation, 'n' | 'quote' | 'path' | 'byteStart'>>): VerbatimSource | undefined {
  const want = comparable(sentence)
  if (!WORD_CHAR.test(want)) return undefined
  for (const c of quotes) {
    const readable = readableTextMap(c.quote, sentenceStyle(c.path))
    for (let at = readable.text.indexOf(want); at !== -1; at = readable.text.indexOf(want, at + 1)) {
      const before = readable.text[at - 1] ?? ''
      const after = readable.text[at + want.length] ?? ''
      if ((WORD_CHAR.test(before) && WORD_CHAR.test(want[0] ?? '')) || (WORD_CHAR.test(after) && WORD_CHAR.test(want[want.length - 1] ?? ''))) continue
      const start = readable.offsets[at] ?? 0
      const end = (readable.offsets[at + want.length - 1] ?? start) + 1
      const byteStart = c.byteStart + utf8Length(c.quote.slice(0, start))
      return { n: c.n, byteStart, byteEnd: byteStart + utf8Length(c.quote.slice(start, end)) }
    }
  }
  return undefined
}

/** Whether a sentence is verbatim in one of its quotes ({@link verbatimSource}) */
export function isVerbatim (sentence: string, quotes: ReadonlyArray<Pick<Citation, 'n' | 'quote' | 'path' | 'byteStart'>>): boolean {
  return verbatimSource(sentence, quotes) !== undefined
}

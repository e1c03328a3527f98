/**
 * The terms of a passage's whole document. A question names the record or
 * page it is about ("the CIA's 1997 form letter"), and the sentence that
 * answers it seldom repeats the name: the document's other pages do (its
 * letterhead, its routing slip). What a constraint missing from a passage but
 * present in its document means is left to the answer model.
 *
 * @packageDocumentation
 */

import { chunksByDocument } from './chunks-by-document.js'
import { wordTerms } from './relevance.js'
import { recent } from './recent.js'
import type { Chunk } from '../indexes/index.js'

/** Which of `terms` (stemmed content terms) the document a chunk belongs to holds */
export type DocumentTerms = (chunk: Chunk, terms: readonly string[]) => ReadonlySet<string>

/**
 * {@link DocumentTerms} over an index's chunks: a term is held when a word of
 * the document (the same file of the corpus: title, path, headings and text
 * of all its chunks) has it among its content terms. Only the words that start
 * with the term's stem less its last letter (a stem is cut or respelled only
 * at its end) are stemmed; the document's text is lower-cased once and
 * remembered for the {@link DOCUMENTS_KEPT} most recent documents. A word
 * rejoined across a hyphenated line break is not seen. A chunk whose document
 * is not among `chunks` is its own document.
 */
export function documentTermsOf (chunks: readonly Chunk[]): DocumentTerms {
  const texts = new Map<string, string>()
  return (chunk, terms) => {
    const key = chunk.path
    const text = recent(texts, key, DOCUMENTS_KEPT, () => documentText(chunksByDocument(chunks).get(key) ?? [chunk]))
    const held = new Set<string>()
    for (const term of terms) {
      const probe = term.length > 3 ? term.slice(0, -1) : term
      if (holds(text, probe, term)) held.add(term)
    }
    return held
  }
}

/** Whether a whitespace-delimited word of `text` that starts with `probe` (no letter or digit just before it) has `term` among its terms; each distinct word is read once, and the first that has it ends the search */
function holds (text: string, probe: string, term: string): boolean {
  const seen = new Set<string>()
  for (let at = text.indexOf(probe); at >= 0; at = text.indexOf(probe, at + 1)) {
    if (at > 0 && WORD_CHAR.test(text[at - 1] ?? '')) continue
    const end = text.slice(at, at + MAX_WORD).search(/\s/)
    const word = text.slice(at, end < 0 ? at + MAX_WORD : at + end)
    if (seen.has(word)) continue
    seen.add(word)
    if (wordTerms(word).includes(term)) return true
  }
  return false
}

/** Longest word read at a probe */
const MAX_WORD = 64

const WORD_CHAR = /[\p{L}\p{N}]/u

/** How many documents' lower-cased texts are remembered (the documents of the last dozen questions or so) */
const DOCUMENTS_KEPT = 64

/** A document's chunks' texts (title, path, headings, raw text) joined, lower-cased (NFKC) */
function documentText (members: readonly Chunk[]): string {
  // the raw text holds every word the judged (readable) text does, but for words rejoined across a hyphenated line break
  return members.map(member => [member.title, member.path, ...(member.headings ?? []), member.text].join('\n')).join('\n').normalize('NFKC').toLowerCase()
}

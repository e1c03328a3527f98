/**
 * The terms of a passage's whole document. A question names the record or
 * page it is about ("the CIA's 1997 form letter"), and the sentence that
 * answers it seldom repeats the name: the document's other pages do (its
 * letterhead, its routing slip). What a constraint missing from a passage but
 * present in its document means is left to the answer model.
 *
 * @packageDocumentation
 */

import { passageTerms } from './passage-terms.js'
import { recent } from './recent.js'
import type { Chunk } from '../indexes/index.js'

/** Which of `terms` (stemmed content terms) the document a chunk belongs to holds */
export type DocumentTerms = (chunk: Chunk, terms: readonly string[]) => ReadonlySet<string>

/**
 * {@link DocumentTerms} over an index's chunks: a term is held when any chunk
 * of the same document (the same file of the corpus) has it among its {@link passageTerms}. A term's
 * stem less its last letter (a stem is cut or respelled only at its end) is
 * first looked for at the start of a word in the document's whole text, lower-cased once and
 * remembered for the {@link DOCUMENTS_KEPT} most recent documents; only the
 * chunks that hold it are read for terms. A chunk whose document is not among
 * `chunks` is its own document.
 */
export function documentTermsOf (chunks: readonly Chunk[]): DocumentTerms {
  let byDocument: Map<string, Chunk[]> | undefined
  const texts = new Map<string, DocumentText>()
  return (chunk, terms) => {
    byDocument ??= groupByDocument(chunks)
    const key = chunk.path
    const doc = recent(texts, key, DOCUMENTS_KEPT, () => documentText(byDocument?.get(key) ?? [chunk]))
    const held = new Set<string>()
    for (const term of terms) {
      const probe = term.length > 3 ? term.slice(0, -1) : term
      if (!startsWord(doc.text, probe)) continue
      if (doc.members.some((member, i) => startsWord(doc.lowered[i] ?? '', probe) && passageTerms(member).has(term))) held.add(term)
    }
    return held
  }
}

/** Whether `probe` starts a word somewhere in `text` (no letter or digit just before it) */
function startsWord (text: string, probe: string): boolean {
  for (let at = text.indexOf(probe); at >= 0; at = text.indexOf(probe, at + 1)) {
    if (at === 0 || !WORD_CHAR.test(text[at - 1] ?? '')) return true
  }
  return false
}

const WORD_CHAR = /[\p{L}\p{N}]/u

/** How many documents' lower-cased texts are remembered (the documents of the last dozen questions or so) */
const DOCUMENTS_KEPT = 64

/** A document's chunks with their texts (title, path, headings, raw text) lower-cased (NFKC), and all of them joined */
interface DocumentText {
  members: readonly Chunk[]
  lowered: readonly string[]
  text: string
}

function documentText (members: readonly Chunk[]): DocumentText {
  // the raw text holds every word the judged (readable) text does, but for words rejoined across a hyphenated line break
  const lowered = members.map(member => [member.title, member.path, ...(member.headings ?? []), member.text].join('\n').normalize('NFKC').toLowerCase())
  return { members, lowered, text: lowered.join('\n') }
}

/** An index's chunks by document: by path, which names one file of the corpus (cheaper to key on than the CID's string) */
function groupByDocument (chunks: readonly Chunk[]): Map<string, Chunk[]> {
  const out = new Map<string, Chunk[]>()
  for (const chunk of chunks) {
    const key = chunk.path
    const list = out.get(key)
    if (list === undefined) out.set(key, [chunk])
    else list.push(chunk)
  }
  return out
}

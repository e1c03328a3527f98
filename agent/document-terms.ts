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

/** The stemmed content terms of the document a chunk belongs to */
export type DocumentTerms = (chunk: Chunk) => ReadonlySet<string>

/** How many documents' term sets are remembered (the documents of the last few dozen questions) */
const DOCUMENTS_KEPT = 64

/**
 * {@link DocumentTerms} over an index's chunks: the union of
 * {@link passageTerms} over every chunk with the same document CID, computed
 * when a document is first asked for and remembered for the
 * {@link DOCUMENTS_KEPT} most recently used documents. A chunk whose document
 * is not among `chunks` gets its own terms.
 */
export function documentTermsOf (chunks: readonly Chunk[]): DocumentTerms {
  let byDocument: Map<string, Chunk[]> | undefined
  const cache = new Map<string, ReadonlySet<string>>()
  return (chunk) => {
    byDocument ??= groupByDocument(chunks)
    const key = chunk.docCid.toString()
    const members = byDocument.get(key)
    if (members === undefined) return passageTerms(chunk)
    return recent(cache, key, DOCUMENTS_KEPT, () => {
      const terms = new Set<string>()
      for (const member of members) for (const t of passageTerms(member)) terms.add(t)
      return terms
    })
  }
}

function groupByDocument (chunks: readonly Chunk[]): Map<string, Chunk[]> {
  const out = new Map<string, Chunk[]>()
  for (const chunk of chunks) {
    const key = chunk.docCid.toString()
    const list = out.get(key)
    if (list === undefined) out.set(key, [chunk])
    else list.push(chunk)
  }
  return out
}

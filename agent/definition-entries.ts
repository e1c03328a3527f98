/**
 * The entry that defines a term: for "What is X?", the section of the index
 * headed by X itself (a glossary entry, a definition list's term, a page
 * section named after X). Ranked retrieval often misses such an entry —
 * short, and sharing only X with a long question ("What is an epoch on the
 * Filecoin chain, and how long does one last?") — so the answerer looks it
 * up by its heading and reads it beside the retrieved passages.
 *
 * @packageDocumentation
 */

import { contentTerms } from './relevance.js'
import { questionShape } from './question-kind.js'
import type { TermStatistics } from './answerability.js'
import type { Chunk } from '../indexes/index.js'

/** Most entries returned by {@link definitionEntries} */
export const MAX_DEFINITION_ENTRIES = 1

interface HeadingEntry {
  chunk: Chunk
  terms: string[]
  /** Whether the chunk holds the heading line itself (the start of the section) */
  opens: boolean
}

const byTerm = new WeakMap<readonly Chunk[], Map<string, HeadingEntry[]>>()

/** Chunks by the content terms of their nearest heading, built once per chunk array */
function headingIndex (chunks: readonly Chunk[]): Map<string, HeadingEntry[]> {
  const cached = byTerm.get(chunks)
  if (cached !== undefined) return cached
  const map = new Map<string, HeadingEntry[]>()
  for (const chunk of chunks) {
    const heading = chunk.headings?.at(-1)
    if (heading === undefined) continue
    const terms = [...new Set(contentTerms(heading))]
    if (terms.length === 0) continue
    const entry = { chunk, terms, opens: chunk.text.includes(heading) }
    for (const t of terms) {
      const list = map.get(t) ?? []
      list.push(entry)
      map.set(t, list)
    }
  }
  byTerm.set(chunks, map)
  return map
}

/** A definition sentence: its subject (before "is", "are", "refers to", "means") within the first few words */
const DEFINING = /(?:^|[.!?]\s+|\n)\s*(?:an?\s+|the\s+)?([^.!?\n]{1,60}?)\s+(?:is|are|refers? to|means)\b/gi

/** Whether a chunk holds a sentence that defines the subject ("A _storage provider_ is …"): a table of contents or a list of links under the same heading does not */
function defines (chunk: Chunk, subject: ReadonlySet<string>): boolean {
  for (const m of chunk.text.matchAll(DEFINING)) {
    const own = contentTerms(m[1] ?? '')
    if (own.length > 0 && own.every(t => subject.has(t))) return true
  }
  return false
}

/**
 * For a definition question ("What is X?"), the chunks whose nearest heading
 * names X: every content term of the heading is a term of X, and the heading
 * holds X's rarest term (so "Filecoin" does not head the entry for "an epoch
 * on the Filecoin chain", "Epoch" does). The section's first chunk comes
 * first; more of X's weight in the heading ranks higher, then a chunk
 * that holds a sentence defining X ("A storage provider is …") before one
 * that only names it (a table of contents). Empty for other
 * questions, or when the question is nothing but X's own words.
 */
export function definitionEntries (question: string, chunks: readonly Chunk[], stats: TermStatistics, max = MAX_DEFINITION_ENTRIES): Chunk[] {
  const shape = questionShape(question)
  if (!shape.kinds.has('definition') || shape.subject.length === 0) return []
  const idf = (t: string): number => Math.log(1 + stats.chunks / (stats.df(t) + 0.5))
  const subject = new Set(shape.subject)
  const rarest = shape.subject.reduce((a, b) => idf(b) > idf(a) ? b : a)
  const weight = (terms: readonly string[]): number => terms.reduce((sum, t) => sum + idf(t), 0)
  const found = (headingIndex(chunks).get(rarest) ?? []).filter(e => e.terms.every(t => subject.has(t)))
  return found
    .sort((a, b) => weight(b.terms) - weight(a.terms) || Number(defines(b.chunk, subject)) - Number(defines(a.chunk, subject)) || Number(b.opens) - Number(a.opens))
    .slice(0, max)
    .map(e => e.chunk)
}

/**
 * Citation metrics: did the answer cite the sources the dataset says answer
 * the question?
 *
 * @packageDocumentation
 */

import type { Citation } from '../../agent/index.js'

/** What the citation metrics read of an answer record (an `AnswerRecord` fits) */
export interface CitedAnswer {
  citations: ReadonlyArray<Pick<Citation, 'path' | 'docCid'>>
}

/**
 * A document path without leading `./` (or `/`) segments, so that `./a.md`,
 * `/a.md` and `a.md` compare equal.
 */
export function normalizeSourcePath (path: string): string {
  let p = path.trim()
  for (;;) {
    if (p.startsWith('./')) p = p.slice(2)
    else if (p.startsWith('/')) p = p.slice(1)
    else return p
  }
}

/**
 * Whether a citation points at one `relevant` entry of a dataset sample. The
 * entry matches when it is:
 *
 * - the citation's document CID (`docCid`), or
 * - the citation's path, compared after {@link normalizeSourcePath}, or
 * - for a JSON-record path `file#id`: the record `id`, or the `file` itself
 *   (a BEIR doc id such as `31715818` matches `corpus.jsonl#31715818`).
 */
export function citationMatches (citation: Pick<Citation, 'path' | 'docCid'>, relevant: string): boolean {
  const want = relevant.trim()
  if (want === '') return false
  if (citation.docCid === want) return true
  const path = normalizeSourcePath(citation.path)
  const target = normalizeSourcePath(want)
  if (path === target) return true
  const hash = path.indexOf('#')
  if (hash === -1) return false
  const id = path.slice(hash + 1)
  return id === want || path.slice(0, hash) === target
}

/** Whether at least one citation of the answer matches a `relevant` entry (see {@link citationMatches}) */
export function relevantSourceCited (record: CitedAnswer, relevant: readonly string[]): boolean {
  return record.citations.some(c => relevant.some(r => citationMatches(c, r)))
}

/**
 * Share of the answer's citations that match a `relevant` entry (see
 * {@link citationMatches}); `undefined` when the answer has no citations (an
 * abstention is not imprecise). Sources listed as `closestSources` of an
 * abstention are not claims and are not counted.
 */
export function citationPrecision (record: CitedAnswer, relevant: readonly string[]): number | undefined {
  if (record.citations.length === 0) return undefined
  const hits = record.citations.filter(c => relevant.some(r => citationMatches(c, r))).length
  return hits / record.citations.length
}

/**
 * Relevance judgements for one query, as BEIR and pytrec_eval hold them.
 *
 * @packageDocumentation
 */

/** Graded relevance judgements of one query: document id → grade (`> 0` is relevant) */
export type QueryQrels = Readonly<Record<string, number>>

/**
 * The documents judged relevant (grade `> 0`) for one query; documents with a
 * grade `≤ 0` (or a non-finite grade) are non-relevant, as in pytrec_eval.
 */
export function relevantDocs (qrels: QueryQrels): Set<string> {
  const relevant = new Set<string>()
  for (const [doc, grade] of Object.entries(qrels)) {
    if (Number.isFinite(grade) && grade > 0) relevant.add(doc)
  }
  return relevant
}

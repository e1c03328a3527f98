/**
 * nDCG@k with BEIR / pytrec_eval semantics.
 *
 * @packageDocumentation
 */

import { topK } from './top-k.js'
import type { QueryQrels } from './qrels.js'

/**
 * Normalised discounted cumulative gain at `k`, as pytrec_eval's `ndcg_cut.k`
 * (the figure BEIR and MTEB publish):
 *
 * - gain is the grade itself (linear, not `2^rel − 1`); grades `≤ 0` give no gain
 * - the document at 1-based rank `r` is discounted by `log2(r + 1)`
 * - the ideal ranking is the judged documents sorted by grade, cut at `k`
 * - a document listed twice in `ranked` counts once (see {@link topK})
 *
 * Returns 0 for a query with no relevant documents (pytrec_eval does the same;
 * BEIR only scores queries that have qrels).
 *
 * @throws {RangeError} when `k` is not a positive integer
 */
export function ndcgAtK (ranked: readonly string[], qrels: QueryQrels, k: number): number {
  const dcg = topK(ranked, k).reduce((sum, doc, i) => sum + gain(qrels[doc]) / Math.log2(i + 2), 0)
  const ideal = Object.values(qrels)
    .map(gain)
    .filter(g => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0)
  return ideal > 0 ? dcg / ideal : 0
}

function gain (grade: number | undefined): number {
  return grade !== undefined && Number.isFinite(grade) && grade > 0 ? grade : 0
}

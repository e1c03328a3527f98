/**
 * Reciprocal rank at k (averaged over queries it is MRR@k).
 *
 * @packageDocumentation
 */

import { relevantDocs } from './qrels.js'
import { topK } from './top-k.js'
import type { QueryQrels } from './qrels.js'

/**
 * `1 / rank` of the first relevant document (grade `> 0`) among the first `k`
 * distinct results, 0 when none is there (BEIR's `MRR@k` per query; the mean over
 * queries is MRR@k).
 *
 * @throws {RangeError} when `k` is not a positive integer
 */
export function mrrAtK (ranked: readonly string[], qrels: QueryQrels, k: number): number {
  const relevant = relevantDocs(qrels)
  const rank = topK(ranked, k).findIndex(doc => relevant.has(doc))
  return rank === -1 ? 0 : 1 / (rank + 1)
}

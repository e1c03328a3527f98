/**
 * Precision@k.
 *
 * @packageDocumentation
 */

import { relevantDocs } from './qrels.js'
import { topK } from './top-k.js'
import type { QueryQrels } from './qrels.js'

/**
 * Relevant documents (grade `> 0`) among the first `k` distinct results,
 * divided by `k` even when fewer than `k` were returned (pytrec_eval's `P.k`).
 *
 * @throws {RangeError} when `k` is not a positive integer
 */
export function precisionAtK (ranked: readonly string[], qrels: QueryQrels, k: number): number {
  const relevant = relevantDocs(qrels)
  return topK(ranked, k).filter(doc => relevant.has(doc)).length / k
}

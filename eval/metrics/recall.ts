/**
 * Recall@k.
 *
 * @packageDocumentation
 */

import { relevantDocs } from './qrels.js'
import { topK } from './top-k.js'
import type { QueryQrels } from './qrels.js'

/**
 * Share of the relevant documents (grade `> 0`) found in the first `k`
 * distinct results, as pytrec_eval's `recall.k`. Returns 0 for a query with no
 * relevant documents.
 *
 * @throws {RangeError} when `k` is not a positive integer
 */
export function recallAtK (ranked: readonly string[], qrels: QueryQrels, k: number): number {
  const relevant = relevantDocs(qrels)
  const top = topK(ranked, k)
  if (relevant.size === 0) return 0
  return top.filter(doc => relevant.has(doc)).length / relevant.size
}

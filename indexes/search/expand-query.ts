import type { Bm25Postings, WeightedTerms } from './bm25-postings.js'

/** RM3 pseudo-relevance feedback parameters */
export interface FeedbackParams {
  /** Feedback chunks: the best of the first ranking */
  docs: number
  /** Expansion terms kept from the relevance model */
  terms: number
  /** Weight of the original query in the expanded one, in [0, 1] */
  originalWeight: number
}

/**
 * RM3 (Abdul-Jaleel et al., UMass at TREC 2004; as in Anserini): estimate a
 * relevance model from the `docs` best chunks of the first ranking,
 * `P(w|R) ∝ Σ_d P(w|d)·score(d)` with `P(w|d) = tf/|d|`, keep its `terms`
 * heaviest terms, and mix it with the (sum-normalised) original query:
 * `originalWeight·q + (1 − originalWeight)·RM`.
 */
export function expandQuery (postings: Bm25Postings, original: WeightedTerms, firstScores: Map<number, number>, params: FeedbackParams): WeightedTerms {
  const feedback = [...firstScores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, params.docs)
  const mass = feedback.reduce((sum, [, score]) => sum + score, 0)
  const model = new Map<string, number>()
  if (mass > 0) {
    for (const [id, score] of feedback) {
      const vector = postings.termVector(id)
      if (vector === undefined || vector.length === 0) continue
      for (const [term, tf] of vector.terms) model.set(term, (model.get(term) ?? 0) + (tf / vector.length) * (score / mass))
    }
  }
  const kept = [...model].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, params.terms)
  const keptMass = kept.reduce((sum, [, w]) => sum + w, 0)
  const queryMass = [...original.values()].reduce((sum, w) => sum + w, 0)
  const expanded: WeightedTerms = new Map()
  if (queryMass > 0) for (const [term, w] of original) expanded.set(term, params.originalWeight * w / queryMass)
  if (keptMass > 0) for (const [term, w] of kept) expanded.set(term, (expanded.get(term) ?? 0) + (1 - params.originalWeight) * w / keptMass)
  return expanded
}

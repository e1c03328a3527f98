/** A fusion candidate: a chunk with its exact lexical and dense scores for one query */
export interface FusionCandidate {
  id: number
  /** BM25 score (0 when no query term occurs in the chunk) */
  lexical: number
  /** Cosine similarity (undefined when the chunk has no vector yet) */
  dense?: number
}

/** Mean and standard deviation of the defined values, `{ mean: 0, std: 0 }` when there are none */
function moments (values: Array<number | undefined>): { mean: number, std: number, min: number } {
  const xs = values.filter((v): v is number => v !== undefined && Number.isFinite(v))
  if (xs.length === 0) return { mean: 0, std: 0, min: 0 }
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length
  return { mean, std: Math.sqrt(variance), min: Math.min(...xs) }
}

/**
 * Convex combination of z-scored lexical and dense scores:
 * `(1 − w)·z(lexical) + w·z(dense)`, each z taken over this candidate pool
 * (Bruch, Gai & Ingber, "An Analysis of Fusion Functions for Hybrid
 * Retrieval", ACM TOIS 2023). A candidate without a dense score gets the
 * pool's lowest cosine. `w = 0` ranks exactly as the lexical scores do, `w = 1`
 * as the dense ones. Best first, ties by ascending id. The means and
 * deviations come from `stats` (default: all candidates), so a longer list
 * can be ranked with the moments of a fixed-size pool.
 *
 * @throws {RangeError} when `denseWeight` is not in [0, 1]
 */
export function fuseConvex (candidates: readonly FusionCandidate[], denseWeight: number, stats: readonly FusionCandidate[] = candidates): Array<{ id: number, score: number }> {
  if (!(denseWeight >= 0 && denseWeight <= 1)) throw new RangeError(`Dense weight must be in [0, 1], got ${denseWeight}`)
  const lex = moments(stats.map(c => c.lexical))
  const dense = denseWeight === 0 ? { mean: 0, std: 0, min: 0 } : moments(stats.map(c => c.dense))
  const z = (x: number, m: { mean: number, std: number }): number => m.std > 0 ? (x - m.mean) / m.std : 0
  return candidates
    .map(c => ({
      id: c.id,
      score: (1 - denseWeight) * z(c.lexical, lex) + (denseWeight === 0 ? 0 : denseWeight * z(c.dense ?? dense.min, dense))
    }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
}

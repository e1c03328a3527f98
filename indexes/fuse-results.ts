/** Options for {@link fuseResults} */
export interface FuseResultsOptions {
  /** RRF constant added to each rank. @default 60 */
  k?: number
  /** Keep at most this many fused results. @default all */
  limit?: number
  /** One weight per list, multiplying its contributions. @default 1 each */
  weights?: number[]
}

/**
 * Reciprocal rank fusion: each list (best first) contributes
 * `weight / (k + rank)` (rank 1-based) to every id it holds; only an id's first
 * occurrence in a list counts. Result is best first, ties broken by ascending
 * id, so fusion is deterministic.
 */
export function fuseResults (lists: Array<Array<{ id: number, score: number }>>, options: FuseResultsOptions = {}): Array<{ id: number, score: number }> {
  const k = options.k ?? 60
  const weights = options.weights ?? lists.map(() => 1)
  if (weights.length !== lists.length) {
    throw new RangeError(`Got ${weights.length} weights for ${lists.length} lists`)
  }
  if (!(k >= 0)) {
    throw new RangeError(`Invalid RRF constant ${k}`)
  }
  const scores = new Map<number, number>()
  lists.forEach((list, i) => {
    const weight = weights[i] ?? 1
    const seen = new Set<number>()
    let rank = 0
    for (const { id } of list) {
      if (seen.has(id)) continue
      seen.add(id)
      rank++
      scores.set(id, (scores.get(id) ?? 0) + weight / (k + rank))
    }
  })
  const fused = [...scores].map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
  return options.limit == null ? fused : fused.slice(0, Math.max(0, options.limit))
}

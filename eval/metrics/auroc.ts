/**
 * Area under the ROC curve of a score that should rank positives (here:
 * answerable questions) above negatives (unanswerable ones): the chance that
 * a random positive scores above a random negative, ties counting half.
 * `NaN` when either class is empty.
 */
export function auroc (scores: ReadonlyArray<{ score: number, positive: boolean }>): number {
  const pos = scores.filter(s => s.positive).map(s => s.score)
  const neg = scores.filter(s => !s.positive).map(s => s.score)
  if (pos.length === 0 || neg.length === 0) return Number.NaN
  let wins = 0
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0
  return wins / (pos.length * neg.length)
}

/**
 * The cut-off every ranking metric applies first.
 *
 * @packageDocumentation
 */

/**
 * The first `k` distinct documents of a ranking. A document listed twice
 * counts once, at its first (best) rank, and does not take a second slot, as
 * a pytrec_eval run (a `doc → score` map) cannot hold it twice.
 *
 * @throws {RangeError} when `k` is not a positive integer
 */
export function topK (ranked: readonly string[], k: number): string[] {
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`k must be a positive integer, got ${k}`)
  }
  const seen = new Set<string>()
  const top: string[] = []
  for (const doc of ranked) {
    if (top.length >= k) break
    if (seen.has(doc)) continue
    seen.add(doc)
    top.push(doc)
  }
  return top
}

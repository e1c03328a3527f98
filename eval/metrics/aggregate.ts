/**
 * Summary statistics over per-query values.
 *
 * @packageDocumentation
 */

/** Summary of one metric (or latency) over a set of queries */
export interface MetricSummary {
  mean: number
  /** Median (linear interpolation) */
  p50: number
  /** 95th percentile (linear interpolation) */
  p95: number
  min: number
  max: number
  /** Number of values summarised (`undefined` values are not counted) */
  n: number
}

/** Arithmetic mean; `NaN` for no values */
export function mean (values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}

/**
 * The `p`-th percentile (0–100) with linear interpolation between the two
 * nearest ranks (numpy's default): rank `p/100 · (n − 1)` of the sorted values.
 * `NaN` for no values.
 *
 * @throws {RangeError} when `p` is outside 0–100
 */
export function percentile (values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0–100, got ${p}`)
  if (values.length === 0) return Number.NaN
  return sortedPercentile([...values].sort((a, b) => a - b), p)
}

/**
 * Mean, median, p95, min, max and count of the defined values. `undefined`
 * entries (a metric that does not apply to a query, such as citation precision
 * of an answer without citations) are skipped; with no values left every
 * statistic is `NaN` and `n` is 0.
 */
export function summarize (values: ReadonlyArray<number | undefined>): MetricSummary {
  const defined = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b)
  if (defined.length === 0) {
    return { mean: Number.NaN, p50: Number.NaN, p95: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 }
  }
  return {
    mean: mean(defined),
    p50: sortedPercentile(defined, 50),
    p95: sortedPercentile(defined, 95),
    min: defined[0] ?? Number.NaN,
    max: defined[defined.length - 1] ?? Number.NaN,
    n: defined.length
  }
}

function sortedPercentile (sorted: readonly number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  const a = sorted[lo] ?? Number.NaN
  const b = sorted[hi] ?? Number.NaN
  return lo === hi ? a : a + (b - a) * (rank - lo)
}

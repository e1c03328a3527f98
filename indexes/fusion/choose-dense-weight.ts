import { FUSION_WEIGHT_GRID, type FusionCalibration } from './fusion-settings.js'

/** Options for {@link chooseDenseWeight} */
export interface ChooseDenseWeightOptions {
  /** The weights measured (same order as each row of `perQuery`); must hold 0. @default {@link FUSION_WEIGHT_GRID} */
  grid?: readonly number[]
  /** Two-sided confidence of the bootstrap interval of the gain. @default 0.9 */
  confidence?: number
  /** Bootstrap resamples. @default 2000 */
  resamples?: number
  /** Seed of the resampling, so the choice is reproducible. @default 1 */
  seed?: number
}

/** A small deterministic PRNG (mulberry32) */
export function seededRandom (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Percentile bootstrap interval of the mean of `values` (paired differences).
 */
export function bootstrapMean (values: readonly number[], options: { confidence?: number, resamples?: number, seed?: number } = {}): { mean: number, low: number, high: number } {
  const n = values.length
  const mean = n === 0 ? 0 : values.reduce((a, b) => a + b, 0) / n
  if (n === 0) return { mean, low: 0, high: 0 }
  const random = seededRandom(options.seed ?? 1)
  const resamples = options.resamples ?? 2000
  const means: number[] = []
  for (let r = 0; r < resamples; r++) {
    let sum = 0
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)] as number
    means.push(sum / n)
  }
  means.sort((a, b) => a - b)
  const alpha = (1 - (options.confidence ?? 0.95)) / 2
  const at = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))] as number
  return { mean, low: at(alpha), high: at(1 - alpha) }
}

/**
 * Choose the dense weight of convex fusion from per-query measurements:
 * `perQuery[q][j]` is query q's measure (e.g. nDCG@10) at weight `grid[j]`.
 * The weight with the best mean wins only if its paired gain over weight 0
 * (lexical only) has a bootstrap interval entirely above 0; otherwise the
 * answer is 0 — fusion must do no harm, and a dense weight costs a query
 * embedding on every search.
 *
 * @throws {RangeError} when the grid does not hold 0 or a row has the wrong length
 */
export function chooseDenseWeight (perQuery: ReadonlyArray<readonly number[]>, metric: string, options: ChooseDenseWeightOptions = {}): { denseWeight: number, calibration: Pick<FusionCalibration, 'queries' | 'metric' | 'grid' | 'gain'> } {
  const grid = options.grid ?? FUSION_WEIGHT_GRID
  const zero = grid.indexOf(0)
  if (zero < 0) throw new RangeError('The weight grid must hold 0 (lexical only)')
  for (const row of perQuery) {
    if (row.length !== grid.length) throw new RangeError(`Each query needs ${grid.length} measurements, got ${row.length}`)
  }
  const n = perQuery.length
  const means = grid.map((denseWeight, j) => ({ denseWeight, score: n === 0 ? 0 : perQuery.reduce((sum, row) => sum + (row[j] as number), 0) / n }))
  let best = zero
  means.forEach((m, j) => { if (m.score > (means[best] as { score: number }).score + 1e-12) best = j })
  const calibration: Pick<FusionCalibration, 'queries' | 'metric' | 'grid' | 'gain'> = { queries: n, metric, grid: means }
  if (best === zero) return { denseWeight: 0, calibration }
  const confidence = options.confidence ?? 0.9
  const gain = bootstrapMean(perQuery.map(row => (row[best] as number) - (row[zero] as number)), { confidence, resamples: options.resamples, seed: options.seed })
  calibration.gain = { denseWeight: grid[best] as number, ...gain, confidence }
  return { denseWeight: gain.low > 0 ? grid[best] as number : 0, calibration }
}

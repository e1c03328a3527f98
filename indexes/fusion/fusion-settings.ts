/** How the dense weight of a {@link FusionSettings} was chosen */
export interface FusionCalibration {
  /**
   * `pseudo-queries`: label-free, at build time, from queries drawn from the
   * corpus whose source chunk is known; `labels`: from judged queries
   * (`quarry eval retrieval --tune`); `default`: not calibrated
   */
  source: 'default' | 'pseudo-queries' | 'labels'
  /** Number of queries measured */
  queries: number
  /** The per-query measure maximised, e.g. `ndcg@10` */
  metric: string
  /** Where the labelled queries came from (dataset and split), for `labels` */
  dataset?: string
  /** Mean measure at each dense weight tried (weight 0 = lexical only) */
  grid: Array<{ denseWeight: number, score: number }>
  /**
   * Paired per-query gain of the best weight over weight 0: mean and a
   * bootstrap confidence interval. The best weight is kept only when the
   * interval's lower end is above 0; otherwise the dense weight is 0
   */
  gain?: { denseWeight: number, mean: number, low: number, high: number, confidence: number }
  /**
   * Top-1 lexical coverage (see `SearchResult.lexicalCoverage`) on the
   * calibration queries, which the index can answer: quantiles p10, p50, p90
   */
  lexicalCoverageTop1?: { p10: number, p50: number, p90: number }
}

/**
 * How hybrid search fuses its lexical and dense rankings: a convex
 * combination of z-scored exact scores (see `fuseConvex`), over a pool of
 * the `candidates` best BM25 chunks plus the `denseCandidates` best dense
 * ones. Stored in the index manifest, so the index CID pins it.
 */
export interface FusionSettings {
  method: 'convex-z'
  /** Weight of the dense z-score, in [0, 1]; 0 = lexical only (the query is not embedded) */
  denseWeight: number
  /** BM25 chunks in the pool (at least the number of results asked for) */
  candidates: number
  /** Dense chunks added to the pool */
  denseCandidates: number
  calibration: FusionCalibration
}

/** The dense weights tried by calibration, lexical only (0) first */
export const FUSION_WEIGHT_GRID: readonly number[] = Object.freeze([0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1])

/**
 * Fusion for an index that was not calibrated (and for manifests written
 * before fusion settings existed): lexical only, which never loses to BM25.
 */
export const DEFAULT_FUSION: Readonly<FusionSettings> = Object.freeze<FusionSettings>({
  method: 'convex-z',
  denseWeight: 0,
  candidates: 100,
  denseCandidates: 20,
  calibration: { source: 'default', queries: 0, metric: 'none', grid: [] }
})

/**
 * Check a manifest's `fusion` field; returns the problem, or undefined when it is valid.
 */
export function fusionSettingsProblem (value: unknown): string | undefined {
  const f = value as Partial<FusionSettings> | null
  if (typeof f !== 'object' || f == null) return 'fusion is not an object'
  if (f.method !== 'convex-z') return `fusion.method ${JSON.stringify(f.method)} is not "convex-z"`
  if (typeof f.denseWeight !== 'number' || !(f.denseWeight >= 0 && f.denseWeight <= 1)) return 'fusion.denseWeight must be a number in [0, 1]'
  if (!Number.isInteger(f.candidates) || (f.candidates as number) < 1) return 'fusion.candidates must be a positive integer'
  if (!Number.isInteger(f.denseCandidates) || (f.denseCandidates as number) < 0) return 'fusion.denseCandidates must be a non-negative integer'
  if (typeof f.calibration !== 'object' || f.calibration == null) return 'fusion.calibration is missing'
  return undefined
}

import { chooseDenseWeight, type ChooseDenseWeightOptions } from './choose-dense-weight.js'
import { FUSION_WEIGHT_GRID, type FusionCalibration, type FusionSettings } from './fusion-settings.js'
import { fuseCandidates, type HybridCandidate } from './hybrid-candidates.js'
import { pseudoQueries, type CalibrationQuery, type PseudoQueryOptions } from './pseudo-queries.js'
import type { QuarryIndex } from '../search/quarry-index.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link measureFusion} */
export interface MeasureFusionOptions extends AbortOptions {
  /** Dense weights to measure. @default {@link FUSION_WEIGHT_GRID} */
  grid?: readonly number[]
  /** BM25 chunks per pool (at least the fusion's `candidates`). @default the fusion's `candidates` */
  lexicalCount?: number
  /** Called after each query */
  onQuery?(done: number, total: number): void
}

/**
 * Fuse each query's candidate pool at every weight of the grid and measure
 * the ranking: `measure(query index, ranked chunk ids)` → a number (higher is
 * better). Each query is embedded once. Returns `[query][weight]` and each
 * query's top-1 lexical coverage.
 */
export async function measureFusion <Q> (
  index: Pick<QuarryIndex, 'candidates' | 'fusion'>,
  queries: readonly Q[],
  text: (query: Q) => string,
  measure: (query: Q, ranked: number[]) => number,
  options: MeasureFusionOptions = {}
): Promise<{ perQuery: number[][], coverageTop1: number[] }> {
  const grid = options.grid ?? FUSION_WEIGHT_GRID
  const statsCount = index.fusion.candidates
  const lexicalCount = Math.max(options.lexicalCount ?? statsCount, statsCount)
  const perQuery: number[][] = []
  const coverageTop1: number[] = []
  for (const [i, query] of queries.entries()) {
    options.signal?.throwIfAborted()
    const pool: HybridCandidate[] = await index.candidates(text(query), { lexicalCount, signal: options.signal })
    perQuery.push(grid.map(w => measure(query, fuseCandidates(pool, w, statsCount).map(f => f.id))))
    coverageTop1.push(pool[0]?.lexicalRank === 1 ? pool[0].coverage : 0)
    options.onQuery?.(i + 1, queries.length)
  }
  return { perQuery, coverageTop1 }
}

/** nDCG@k of ranked ids with binary relevance */
export function binaryNdcg (ranked: readonly number[], relevant: ReadonlySet<number>, k = 10): number {
  let dcg = 0
  ranked.slice(0, k).forEach((id, i) => { if (relevant.has(id)) dcg += 1 / Math.log2(i + 2) })
  let ideal = 0
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2)
  return ideal === 0 ? 0 : dcg / ideal
}

/** Quantiles p10, p50, p90 (nearest rank) */
export function quantiles (values: readonly number[]): { p10: number, p50: number, p90: number } {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number): number => sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) }
}

/** Options for {@link calibrateFusion} */
export interface CalibrateFusionOptions extends AbortOptions, Pick<ChooseDenseWeightOptions, 'confidence' | 'resamples'> {
  /** How the pseudo-queries are drawn. @default 100 queries, seed 1 */
  queries?: PseudoQueryOptions
  /** Dense weights to try. @default {@link FUSION_WEIGHT_GRID} */
  grid?: readonly number[]
  onQuery?(done: number, total: number): void
  /**
   * Called once with every pseudo-query's text before any is measured (an
   * index's embedder that embeds them together, see `queriesAhead`)
   */
  prefetchQueries?(texts: string[], options: AbortOptions): Promise<void>
}

/**
 * Label-free calibration of an index's fusion (at build time): draw
 * pseudo-queries from the corpus (see {@link pseudoQueries}), measure nDCG@10
 * of their source chunk at each dense weight, and keep the best weight only
 * when it beats lexical-only search with confidence (see
 * {@link chooseDenseWeight}). Returns the index's fusion with the chosen
 * weight and a record of how it was chosen.
 */
export async function calibrateFusion (index: Pick<QuarryIndex, 'candidates' | 'fusion' | 'chunks'>, options: CalibrateFusionOptions = {}): Promise<FusionSettings> {
  const queries: CalibrationQuery[] = pseudoQueries(index.chunks, options.queries)
  const grid = options.grid ?? FUSION_WEIGHT_GRID
  await options.prefetchQueries?.(queries.map(q => q.text), { signal: options.signal })
  const { perQuery, coverageTop1 } = await measureFusion(index, queries, q => q.text, (q, ranked) => binaryNdcg(ranked, new Set(q.relevant)), { ...options, grid })
  const { denseWeight, calibration } = chooseDenseWeight(perQuery, 'ndcg@10', { grid, confidence: options.confidence, resamples: options.resamples })
  const record: FusionCalibration = { source: 'pseudo-queries', ...calibration, lexicalCoverageTop1: quantiles(coverageTop1) }
  return { ...index.fusion, denseWeight, calibration: record }
}

import type { FusionSettings } from '../fusion/fusion-settings.js'

/** Largest difference allowed between calibration scores computed on two embedding runtimes */
export const FUSION_SCORE_TOLERANCE = 1e-3

/** JSON with object keys sorted, so key order never counts as a difference */
function canonical (value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => v != null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
    : v)
}

/**
 * What differs between a pinned fusion and the one re-derived: field by field,
 * bit-exact; with `approximate` (the index was embedded on another runtime,
 * whose vectors differ in the last bits) the method, weights, pool sizes,
 * query count and chosen dense weight must still be equal, and the grid's
 * scores and the gain within {@link FUSION_SCORE_TOLERANCE}.
 */
export function compareFusion (pinned: FusionSettings, expected: FusionSettings, approximate: boolean): string[] {
  if (canonical(pinned) === canonical(expected)) return []
  const out: string[] = []
  for (const key of ['method', 'denseWeight', 'candidates', 'denseCandidates'] as const) {
    if (pinned[key] !== expected[key]) out.push(`${key}: ${JSON.stringify(pinned[key])} in the manifest, ${JSON.stringify(expected[key])} re-derived`)
  }
  const pc = pinned.calibration
  const ec = expected.calibration
  for (const key of ['source', 'queries', 'metric', 'dataset'] as const) {
    if (pc[key] !== ec[key]) out.push(`calibration.${key}: ${JSON.stringify(pc[key])} in the manifest, ${JSON.stringify(ec[key])} re-derived`)
  }
  const close = (a: number | undefined, b: number | undefined): boolean => a === b || (approximate && a !== undefined && b !== undefined && Math.abs(a - b) <= FUSION_SCORE_TOLERANCE)
  const grid = pc.grid.length === ec.grid.length && pc.grid.every((g, i) => g.denseWeight === ec.grid[i]?.denseWeight && close(g.score, ec.grid[i]?.score))
  if (!grid) out.push(`calibration.grid: ${pc.grid.map(g => `${g.denseWeight}:${g.score.toFixed(4)}`).join(' ')} in the manifest, ${ec.grid.map(g => `${g.denseWeight}:${g.score.toFixed(4)}`).join(' ')} re-derived`)
  const pg = pc.gain
  const eg = ec.gain
  if ((pg == null) !== (eg == null) || (pg != null && eg != null && (pg.denseWeight !== eg.denseWeight || pg.confidence !== eg.confidence || !close(pg.mean, eg.mean) || !close(pg.low, eg.low) || !close(pg.high, eg.high)))) {
    out.push(`calibration.gain: ${canonical(pg)} in the manifest, ${canonical(eg)} re-derived`)
  }
  const pq = pc.lexicalCoverageTop1
  const eq = ec.lexicalCoverageTop1
  if ((pq == null) !== (eq == null) || (pq != null && eq != null && (!close(pq.p10, eq.p10) || !close(pq.p50, eq.p50) || !close(pq.p90, eq.p90)))) {
    out.push(`calibration.lexicalCoverageTop1: ${canonical(pq)} in the manifest, ${canonical(eq)} re-derived`)
  }
  if (out.length === 0 && !approximate) out.push(`differs from the re-derived fusion in bits: ${canonical(pinned)} vs ${canonical(expected)}`)
  return out
}

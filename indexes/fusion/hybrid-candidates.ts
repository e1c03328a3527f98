import { fuseConvex, type FusionCandidate } from './convex-fusion.js'
import type { VectorSearch } from '../search/vector-search.js'
import type { LexicalMatches } from '../search/lexical-index.js'

/** A fusion candidate with its lexical coverage */
export interface HybridCandidate extends FusionCandidate {
  /** Lexical coverage of the query by the chunk (see `LexicalHit.coverage`) */
  coverage: number
  /** 1-based rank in the BM25 list; undefined for a chunk only the dense list found */
  lexicalRank?: number
}

/**
 * The candidate pool of hybrid search: the `lexicalCount` best BM25 chunks
 * plus the given dense hits, each with its EXACT score on both sides — the
 * BM25 score of a chunk only the dense list found comes from the lexical
 * index (0 when it holds no query term), the cosine of a chunk only BM25 found
 * from its stored vector. Lexical candidates first (best first), then the
 * dense-only ones.
 */
export async function hybridCandidates (lexical: LexicalMatches, dense: ReadonlyArray<{ id: number, score: number }>, vectors: VectorSearch, queryVector: number[] | undefined, lexicalCount: number): Promise<HybridCandidate[]> {
  const pool: HybridCandidate[] = lexical.top(lexicalCount).map((hit, i) => ({ id: hit.id, lexical: hit.score, coverage: hit.coverage, lexicalRank: i + 1 }))
  const seen = new Set(pool.map(c => c.id))
  const denseById = new Map(dense.map(h => [h.id, h.score]))
  for (const { id } of dense) {
    if (seen.has(id)) continue
    seen.add(id)
    const hit = lexical.get(id)
    pool.push({ id, lexical: hit.score, coverage: hit.coverage })
  }
  if (queryVector !== undefined) {
    const missing = pool.filter(c => !denseById.has(c.id))
    const cosines = missing.length === 0 ? [] : await vectors.similarity(queryVector, missing.map(c => c.id))
    missing.forEach((c, i) => { const s = cosines[i]; if (s !== undefined) c.dense = s })
    for (const c of pool) { const s = denseById.get(c.id); if (s !== undefined) c.dense = s }
  }
  return pool
}

/**
 * Fuse a candidate pool (see {@link hybridCandidates}) at `denseWeight`, with
 * the z-score moments of its first `statsCount` BM25 chunks plus the dense
 * ones, so that asking for more results does not change the order of the
 * first ones.
 */
export function fuseCandidates (pool: readonly HybridCandidate[], denseWeight: number, statsCount: number): Array<{ id: number, score: number }> {
  return fuseConvex(pool, denseWeight, pool.filter(c => c.lexicalRank === undefined || c.lexicalRank <= statsCount))
}

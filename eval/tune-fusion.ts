import { chooseDenseWeight, FUSION_WEIGHT_GRID, measureFusion } from '../indexes/index.js'
import type { FusionSettings, QuarryIndex } from '../indexes/index.js'
import { beirDocId } from './beir-corpus.js'
import { ndcgAtK } from './metrics/ndcg.js'
import type { BeirDataset } from './beir-dataset.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link tuneFusion} */
export interface TuneFusionOptions extends AbortOptions {
  /** nDCG cut-off maximised. @default 10 */
  k?: number
  /** BM25 chunks per candidate pool. @default 200 */
  chunkDepth?: number
  /** Dense weights tried. @default {@link FUSION_WEIGHT_GRID} */
  grid?: readonly number[]
  onQuery?(done: number, total: number): void
}

/** Ranked chunk ids → ranked BEIR document ids, each at its best chunk's rank */
export function rankBeirDocuments (chunks: ReadonlyArray<{ path: string }>, ranked: readonly number[]): string[] {
  const seen = new Set<string>()
  const docs: string[] = []
  for (const id of ranked) {
    const doc = chunks[id] === undefined ? undefined : beirDocId((chunks[id] as { path: string }).path)
    if (doc === undefined || seen.has(doc)) continue
    seen.add(doc)
    docs.push(doc)
  }
  return docs
}

/**
 * Choose an index's dense fusion weight on labelled queries (a BEIR train
 * split): nDCG@k of every query at each weight of the grid, then the best
 * weight if it beats lexical-only search with confidence, else 0 (see
 * `chooseDenseWeight`). Returns the index's fusion settings with that weight
 * and a `labels` calibration record.
 */
export async function tuneFusion (index: Pick<QuarryIndex, 'candidates' | 'fusion' | 'chunks'>, dataset: BeirDataset, options: TuneFusionOptions = {}): Promise<FusionSettings> {
  const k = options.k ?? 10
  const grid = options.grid ?? FUSION_WEIGHT_GRID
  const { perQuery } = await measureFusion(
    index,
    dataset.queries,
    q => q.text,
    (q, ranked) => ndcgAtK(rankBeirDocuments(index.chunks, ranked), dataset.qrels.get(q.id) ?? {}, k),
    { grid, lexicalCount: options.chunkDepth ?? 200, signal: options.signal, onQuery: options.onQuery }
  )
  const { denseWeight, calibration } = chooseDenseWeight(perQuery, `ndcg@${k}`, { grid })
  return { ...index.fusion, denseWeight, calibration: { source: 'labels', dataset: `${dataset.name}/${dataset.split}`, ...calibration } }
}

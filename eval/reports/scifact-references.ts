/**
 * Published SciFact (BEIR, test split) nDCG@10 figures to compare with.
 *
 * @packageDocumentation
 */

import type { EvalReference } from './json-report.js'

/**
 * Published nDCG@10 on the SciFact test split (300 queries): BM25 from the
 * BEIR paper / Anserini, dense models from their model cards / the MTEB
 * leaderboard. Figures as listed in `shared/README.md`.
 */
export const SCIFACT_NDCG10_REFERENCES: readonly EvalReference[] = Object.freeze([
  { system: 'BM25 multifield', metric: 'ndcg@10', value: 0.665, source: 'BEIR / Anserini' },
  { system: 'BM25 flat', metric: 'ndcg@10', value: 0.679, source: 'BEIR / Anserini' },
  { system: 'all-MiniLM-L6-v2', metric: 'ndcg@10', value: 0.645, source: 'MTEB' },
  { system: 'e5-small-v2', metric: 'ndcg@10', value: 0.689, source: 'model card / MTEB' },
  { system: 'bge-small-en-v1.5', metric: 'ndcg@10', value: 0.713, source: 'model card / MTEB' },
  { system: 'gte-small', metric: 'ndcg@10', value: 0.727, source: 'model card / MTEB' }
].map(r => Object.freeze(r)))

import type { EmbedBatchProgress } from './embedder.js'
import type { CorporaProgressEvent } from '../corpora/index.js'

/** Progress events emitted while building and loading indexes */
export type IndexProgressEvent =
  | CorporaProgressEvent
  | EmbedBatchProgress
  | { type: 'indexes:chunk:document', documents: number, chunks: number }
  | { type: 'indexes:hnsw:add', done: number, total: number }
  | { type: 'indexes:calibrate:query', done: number, total: number }
  | { type: 'indexes:write', file: string }
  | { type: 'indexes:verify:blocks', blocks: number }
  /** `verifyIndex` starts a check (manifest, chunks, lexical, graph, vectors, fusion) */
  | { type: 'indexes:verify:check', check: string }

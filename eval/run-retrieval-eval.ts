/**
 * Running a BEIR retrieval benchmark against Quarry's index, in one or more
 * search modes.
 *
 * @packageDocumentation
 */

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CID } from 'multiformats/cid'
import { readManifest, SEARCH_MODES, type ChunkOptions, type Embedder, type IndexManifest, type IndexProgressEvent, type QuarryIndex, type SearchMode } from '../indexes/index.js'
import { BEIR_CORPUS_FILE, beirDocId, importBeirCorpus } from './beir-corpus.js'
import { gitCommit } from './git-commit.js'
import { timed } from './latency.js'
import { summarize } from './metrics/aggregate.js'
import { mrrAtK } from './metrics/mrr.js'
import { ndcgAtK } from './metrics/ndcg.js'
import { relevantDocs } from './metrics/qrels.js'
import { recallAtK } from './metrics/recall.js'
import { SCIFACT_NDCG10_REFERENCES } from './reports/scifact-references.js'
import { tuneFusion } from './tune-fusion.js'
import type { BeirDataset } from './beir-dataset.js'
import type { EvalModeResult, EvalQueryRow, EvalReference, EvalReport } from './reports/json-report.js'
import type { QuarrySession } from '../session/index.js'

/** Chunking for BEIR corpora: big enough that nearly every abstract is one chunk */
export const BEIR_CHUNK_OPTIONS: Readonly<BeirChunkOptions> = Object.freeze({ chunkSize: 4000, chunkOverlap: 200, minChunkChars: 40 })

/** The chunking of an index (see `ChunkOptions` in indexes) */
export type BeirChunkOptions = Required<Omit<ChunkOptions, 'signal'>>

/** Every search mode, in report order */
export const ALL_SEARCH_MODES: readonly SearchMode[] = SEARCH_MODES

/** Progress of {@link runRetrievalEval}: corpus import and index build events, then one event per query */
export type RetrievalEvalProgressEvent =
  | IndexProgressEvent
  | { type: 'eval:index:ready', indexCid: string, built: boolean, chunks: number }
  | { type: 'eval:retrieval:query', mode: SearchMode, done: number, total: number }
  | { type: 'eval:tune:query', done: number, total: number }
  | { type: 'eval:tune:done', indexCid: string, denseWeight: number }

/** Options for {@link runRetrievalEval} */
export interface RunRetrievalEvalOptions {
  /** Where the corpus is imported and the index built (see `openQuarrySession`) */
  session: Pick<QuarrySession, 'node' | 'corpora' | 'indexes' | 'embedder'>
  dataset: BeirDataset
  /**
   * The BEIR folder (or its `corpus.jsonl`) to import byte for byte; without
   * it the dataset's corpus is written canonically (see `importBeirCorpus`)
   */
  corpusSource?: string
  /** Registry name of the imported corpus. @default `beir-<dataset name>` */
  corpusName?: string
  /**
   * Search modes to run
   *
   * @default SEARCH_MODES (all, in report order)
   */
  modes?: readonly SearchMode[]
  /**
   * Cut-off of nDCG, MRR and the first recall
   *
   * @default 10
   */
  k?: number
  /**
   * Documents ranked per query (and the cut-off of the second recall)
   *
   * @default 100
   */
  depth?: number
  /**
   * Chunks retrieved per query before they are reduced to documents (a
   * document scores as its best chunk)
   *
   * @default 2 × depth
   */
  chunkDepth?: number
  /** Embedder spec (`use`, `transformers:…`, `openai:…`). @default the session's default (`use`) */
  embedder?: string
  /** Chunking. @default {@link BEIR_CHUNK_OPTIONS} */
  chunk?: Partial<BeirChunkOptions>
  /**
   * Build a new index even when one with the same corpus, embedder and
   * chunking exists
   *
   * @default false
   */
  rebuild?: boolean
  /**
   * Tune the index's fusion on this dataset's queries first (use a train
   * split): choose the dense weight by nDCG@k (see `tuneFusion`), pin and
   * register the index with it (a new index CID, now the corpus's newest), and
   * evaluate that index
   *
   * @default false
   */
  tune?: boolean
  /** Published figures to show beside the results. @default the SciFact nDCG@10 figures for the full SciFact test split, else none */
  references?: readonly EvalReference[]
  /** Folder whose git commit is recorded. @default the folder of this module */
  gitCwd?: string
  onProgress?(event: RetrievalEvalProgressEvent): void
  signal?: AbortSignal
}

/**
 * Evaluates ranked retrieval on a BEIR dataset: imports the corpus (only
 * `corpus.jsonl`), opens or builds its index once (vectors come from the
 * embedding cache on reruns), runs every query in every mode, reduces the
 * ranked chunks to ranked documents (a document's rank is its best chunk's),
 * and computes nDCG@k, recall@k, recall@depth and MRR@k per query with
 * BEIR/pytrec_eval semantics, plus per-query latency (the search, query
 * embedding included). The report records corpus and index CIDs, embedder,
 * chunking and commit, so the run can be reproduced.
 */
export async function runRetrievalEval (options: RunRetrievalEvalOptions): Promise<EvalReport> {
  const { session, dataset, signal, onProgress } = options
  const k = options.k ?? 10
  const depth = options.depth ?? 100
  const chunkDepth = options.chunkDepth ?? 2 * depth
  const modes = [...new Set(options.modes ?? ALL_SEARCH_MODES)]
  for (const [name, n] of Object.entries({ k, depth, chunkDepth })) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`)
  }
  if (modes.length === 0) throw new RangeError('modes must name at least one search mode')
  const chunk = { ...BEIR_CHUNK_OPTIONS, ...options.chunk }

  const corpus = await importBeirCorpus(session.corpora, options.corpusSource ?? dataset, { name: options.corpusName, signal, onProgress })
  const embedder = await session.embedder(options.embedder)
  const opened = await openOrBuildIndex(session, corpus.cid, embedder, chunk, options)
  const { built } = opened
  let index = opened.index
  onProgress?.({ type: 'eval:index:ready', indexCid: index.cid?.toString() ?? '', built, chunks: index.manifest.counts.chunks })
  if (options.tune === true) {
    const fusion = await tuneFusion(index, dataset, { k, chunkDepth, signal, onQuery: (done, total) => onProgress?.({ type: 'eval:tune:query', done, total }) })
    const { cid } = await session.indexes.withFusion(index, fusion, { signal })
    index = await session.indexes.open(cid, embedder, { offline: true, verify: false, signal })
    onProgress?.({ type: 'eval:tune:done', indexCid: cid.toString(), denseWeight: fusion.denseWeight })
  }

  const rows: EvalQueryRow[] = []
  const results: EvalModeResult[] = []
  for (const mode of modes) {
    // one untimed query first, so lazy initialisation is not billed to query 1
    await index.search(dataset.queries[0]?.text ?? 'warm up', { k: 1, mode, signal })
    const modeRows: EvalQueryRow[] = []
    for (const [i, query] of dataset.queries.entries()) {
      signal?.throwIfAborted()
      const { value: ranked, ms } = await timed(async () => rankDocuments(await index.search(query.text, { k: chunkDepth, mode, signal })))
      const qrels = dataset.qrels.get(query.id) ?? {}
      const metrics: Record<string, number> = {
        [`ndcg@${k}`]: ndcgAtK(ranked, qrels, k),
        [`recall@${k}`]: recallAtK(ranked, qrels, k),
        [`recall@${depth}`]: recallAtK(ranked, qrels, depth),
        [`mrr@${k}`]: mrrAtK(ranked, qrels, k)
      }
      modeRows.push({ id: query.id, mode, query: query.text, metrics, latencyMs: ms, retrieved: ranked.slice(0, k), relevant: [...relevantDocs(qrels)] })
      onProgress?.({ type: 'eval:retrieval:query', mode, done: i + 1, total: dataset.queries.length })
    }
    const keys = Object.keys(modeRows[0]?.metrics ?? {})
    results.push({
      mode,
      label: modeLabel(mode, index),
      metrics: Object.fromEntries(keys.map(key => [key, summarize(modeRows.map(r => r.metrics[key] ?? undefined))])),
      latencyMs: summarize(modeRows.map(r => r.latencyMs))
    })
    rows.push(...modeRows)
  }

  const fullScifact = dataset.name === 'scifact' && dataset.split === 'test' && dataset.corpus.size === 5183
  const references = [...(options.references ?? (fullScifact ? SCIFACT_NDCG10_REFERENCES : []))]
  const m = index.manifest
  // build time and cache hits are run metadata: the home's index registry has them, the manifest does not
  const run = (await session.indexes.list()).find(e => e.cid === index.cid?.toString())
  const seconds = (ms: number | undefined): string => ms == null ? '?' : (ms / 1000).toFixed(1)
  const notes = [
    `corpus: ${dataset.corpus.size} documents imported as one ${BEIR_CORPUS_FILE} (JSON loader: one document per record, text = title + text)`,
    `chunking: chunkSize ${m.chunker.chunkSize}, chunkOverlap ${m.chunker.chunkOverlap}, minChunkChars ${m.chunker.minChunkChars} → ${m.counts.chunks} chunks from ${m.counts.documents} documents`,
    `ranking: top ${chunkDepth} chunks per query reduced to documents (a document ranks at its best chunk), cut at ${depth}`,
    `lexical: ${lexicalLabel(m)} (${m.lexical.library}); dense: ${m.embedder.id} (${m.embedder.dimensions}-d), HNSW M=${m.hnsw.m} efConstruction=${m.hnsw.efConstruction} ef=${m.hnsw.ef}; hybrid: ${fusionLabel(index)}`,
    built
      ? `index: built in this run in ${seconds(run?.buildMs)} s (${run?.embeddingsReused ?? '?'} of ${m.counts.chunks} embeddings from the cache)`
      : `index: reused (built ${run?.builtAt ?? '?'} in ${seconds(run?.buildMs)} s)`,
    `queries: ${dataset.queries.length} of split "${dataset.split}"; latency is one search per query, query embedding included, after one warm-up query per mode`
  ]
  if (references.length > 0 && options.references === undefined && dataset.queries.length !== 300) {
    notes.push(`published figures are for all 300 test queries; this run used ${dataset.queries.length}`)
  }
  return {
    version: 1,
    kind: 'retrieval',
    dataset: dataset.name,
    split: dataset.split,
    createdAt: new Date().toISOString(),
    ...optional('gitCommit', await gitCommit(options.gitCwd ?? path.dirname(fileURLToPath(import.meta.url)), { signal })),
    corpusCid: corpus.cid,
    ...optional('indexCid', index.cid?.toString()),
    embedder: embedder.id,
    fusion: index.fusion,
    modes: results,
    headlineMetrics: [`ndcg@${k}`, `recall@${depth}`],
    references,
    rows,
    notes
  }
}

/** Ranked chunk hits → ranked BEIR document ids, each at its best chunk's rank */
function rankDocuments (hits: ReadonlyArray<{ chunk: { path: string } }>): string[] {
  const seen = new Set<string>()
  const ranked: string[] = []
  for (const hit of hits) {
    const id = beirDocId(hit.chunk.path)
    if (id === undefined || seen.has(id)) continue
    seen.add(id)
    ranked.push(id)
  }
  return ranked
}

function modeLabel (mode: SearchMode, index: Pick<QuarryIndex, 'manifest' | 'fusion'>): string {
  if (mode === 'lexical') return `lexical (${lexicalLabel(index.manifest)})`
  if (mode === 'dense') return `dense (${index.manifest.embedder.id})`
  return `hybrid (convex fusion, dense weight ${index.fusion.denseWeight})`
}

function lexicalLabel (manifest: IndexManifest): string {
  const l = manifest.lexical
  const feedback = l.feedback === undefined ? '' : ` RM3 ${l.feedback.docs}/${l.feedback.terms}/${l.feedback.originalWeight}`
  return `BM25 k1=${l.k1} b=${l.b}${l.contextWeight === undefined ? '' : ` context×${l.contextWeight}`}${l.bigramWeight === undefined || l.bigramWeight === 0 ? '' : ` pairs×${l.bigramWeight}`}${feedback}`
}

function fusionLabel (index: Pick<QuarryIndex, 'fusion'>): string {
  const f = index.fusion
  const c = f.calibration
  const how = c.source === 'default' ? 'not calibrated' : `calibrated on ${c.queries} ${c.source === 'labels' ? `labelled queries (${c.dataset ?? ''})` : 'pseudo-queries'} by ${c.metric}`
  return `convex z-score fusion, dense weight ${f.denseWeight} (${how}), pool ${f.candidates} BM25 + ${f.denseCandidates} dense candidates`
}

function optional<K extends string> (key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : { [key]: value } as Record<K, string>
}

/** The newest registered index of the corpus with this embedder and chunking, else a new one */
async function openOrBuildIndex (
  session: RunRetrievalEvalOptions['session'],
  corpusCid: string,
  embedder: Embedder,
  chunk: BeirChunkOptions,
  options: Pick<RunRetrievalEvalOptions, 'rebuild' | 'onProgress' | 'signal'>
): Promise<{ index: QuarryIndex, built: boolean }> {
  const { signal, onProgress } = options
  if (options.rebuild !== true) {
    const candidates = (await session.indexes.list())
      .filter(e => e.corpusCid === corpusCid && e.embedder === embedder.id)
      .sort((a, b) => b.builtAt.localeCompare(a.builtAt))
    for (const entry of candidates) {
      const cid = CID.parse(entry.cid)
      const manifest = await readManifest(session.node.blocks.fs, cid, { offline: true, signal }).catch(() => undefined)
      if (manifest === undefined) continue
      const c = manifest.chunker
      if (c.chunkSize === chunk.chunkSize && c.chunkOverlap === chunk.chunkOverlap && c.minChunkChars === chunk.minChunkChars) {
        return { index: await session.indexes.open(cid, embedder, { offline: true, signal, onProgress }), built: false }
      }
    }
  }
  const { cid } = await session.indexes.build(corpusCid, { embedder, chunk, signal, onProgress })
  return { index: await session.indexes.open(cid, embedder, { offline: true, verify: false, signal }), built: true }
}

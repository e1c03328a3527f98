import { CID } from 'multiformats/cid'
import { prepareIndex, type PreparedIndex } from '../build-index.js'
import { loadHnswIndex } from '../search/hnsw-index.js'
import { decodeChunkBytes } from '../store/chunk-store.js'
import { embeddedCount, MANIFEST_VERSION, type IndexManifest } from '../store/index-manifest.js'
import { readManifest } from '../store/load-index.js'
import { indexEntries, readIndexParts } from '../store/read-index-parts.js'
import type { ByteParts } from '../search/byte-parts.js'
import { checkChunks, checkFusion, checkGraph, checkLexical, checkManifest, checkStoredVectors, type CheckResult, type VerifyState } from './verify-checks.js'
import type { CheckVectorsOptions } from './check-vectors.js'
import type { Embedder } from '../embedder.js'
import type { IndexProgressEvent } from '../progress.js'
import type { IndexCheckName, IndexVerification } from './index-verification.js'
import { loadDerivation, type DerivedText, type LazyNode } from '../../corpora/index.js'

/** Options for {@link verifyIndex} */
export interface VerifyIndexOptions extends Omit<CheckVectorsOptions, 'onProgress'> {
  /**
   * The index's embedder (`Embedder.id` as its manifest names it); without it
   * the vectors and the fusion are reported unchecked. @default none
   */
  embedder?: Embedder
  /** Why there is no embedder, reported when vectors go unchecked */
  embedderProblem?: string
  /** Never fetch blocks from the network. @default false */
  offline?: boolean
  onProgress?(event: IndexProgressEvent): void
}

/** Error names that mean "could not get the data", not "the data is false" */
const UNAVAILABLE = new Set(['BlockNotFoundError', 'NotFoundError', 'FetchTimeoutError', 'CorruptBlockError', 'IndexNotFoundError', 'CorpusPathError'])
const unavailable = (err: unknown): boolean => UNAVAILABLE.has((err as Error)?.name)

/** The verdict of a report: any check that differs makes it `differs`; else anything unchecked or missing, `unchecked` */
function verdictOf (report: IndexVerification): IndexVerification['verdict'] {
  const statuses = report.checks.map(c => c.status)
  return statuses.includes('differs') ? 'differs' : statuses.includes('unchecked') || report.missing != null ? 'unchecked' : 'verified'
}

/**
 * Re-derive an index from its corpus and manifest and report what differs
 * (see {@link IndexVerification}): the manifest's counts and file names, the
 * chunks (bit-exact, by path and CID: extra, missing, altered, reordered),
 * the BM25 statistics (`lexical.bin` bit-exact, its parameters, term counts
 * and postings), the HNSW graph (rebuilt from the stored vectors in id order:
 * bit-exact), the vectors (all or a seeded sample re-embedded, each within a
 * tolerance), and the fusion (calibration re-run: bit-exact with the runtime
 * that built the index, within a tolerance with another). Every block is
 * hashed against its CID as it is read. What cannot be had (index or corpus
 * blocks, the embedder, the labelled queries of a tuned fusion) makes its
 * checks `unchecked`, never `ok`.
 */
export async function verifyIndex (node: Pick<LazyNode, 'blocks'>, cid: CID, options: VerifyIndexOptions = {}): Promise<IndexVerification> {
  const started = Date.now()
  const report: IndexVerification = { indexCid: cid.toString(), corpusCid: '', verdict: 'verified', checks: [], ms: 0 }
  const missing = (line: string): void => { (report.missing ??= []).push(line) }
  const check = async (name: IndexCheckName, fn: () => CheckResult | Promise<CheckResult>): Promise<void> => {
    const t = Date.now()
    options.onProgress?.({ type: 'indexes:verify:check', check: name })
    const { status, detail } = await fn()
    report.checks.push({ name, status, detail, ms: Date.now() - t })
  }
  const state = await readPinned(node.blocks, cid, options, report, missing, check)
  if (state !== undefined) {
    await check('manifest', () => checkManifest(state))
    await check('chunks', () => checkChunks(state))
    await check('lexical', () => checkLexical(state))
    await check('graph', async () => checkGraph(state))
    await check('vectors', async () => checkStoredVectors(state))
    await check('fusion', async () => checkFusion(state))
  }
  report.verdict = verdictOf(report)
  report.ms = Date.now() - started
  return report
}

/**
 * Read the pinned index (manifest, files, chunks, HNSW), re-derive its corpus
 * and pick up the embedder: the state the checks share. Undefined when the
 * index cannot be read (unavailable: `missing`; malformed: a check that differs).
 */
async function readPinned (blocks: LazyNode['blocks'], cid: CID, options: VerifyIndexOptions, report: IndexVerification, missing: (line: string) => void, check: (name: IndexCheckName, fn: () => CheckResult) => Promise<void>): Promise<VerifyState | undefined> {
  const fs = blocks.fs
  const read = { signal: options.signal, offline: options.offline }
  let manifest: IndexManifest
  let files: { chunksBytes: ByteParts, vectorsBytes: ByteParts, lexicalBytes: ByteParts }
  try {
    manifest = await readManifest(fs, cid, read)
    const entries = await indexEntries(fs, cid, read)
    // a file written in parts is read as its parts (never joined)
    const file = async (key: 'chunks' | 'vectors' | 'lexical'): Promise<ByteParts> => readIndexParts(fs, cid, manifest, key, { ...read, entries })
    files = { chunksBytes: await file('chunks'), vectorsBytes: await file('vectors'), lexicalBytes: await file('lexical') }
  } catch (err) {
    if (unavailable(err)) missing(`index: the blocks of ${cid.toString()} are not available (${(err as Error).message})`)
    else await check('manifest', () => ({ status: 'differs', detail: `not a valid Quarry index: ${(err as Error).message}` }))
    return undefined
  }
  report.corpusCid = manifest.corpusCid
  let chunks
  try {
    chunks = decodeChunkBytes(files.chunksBytes)
  } catch (err) {
    await check('chunks', () => ({ status: 'differs', detail: `chunks.jsonl is malformed: ${(err as Error).message}` }))
    return undefined
  }
  const state: VerifyState = { manifest, chunks, ...files, report, missing, options }
  try {
    state.vectors = await loadHnswIndex(files.vectorsBytes, {
      dimensions: manifest.embedder.dimensions,
      params: { ef: manifest.hnsw.ef, seed: manifest.hnsw.seed },
      expect: { count: embeddedCount(manifest), ids: manifest.counts.chunks, m: manifest.hnsw.m, efConstruction: manifest.hnsw.efConstruction }
    })
  } catch (err) {
    state.vectorsError = (err as Error).message
  }
  const prepared = await rederive(blocks, manifest, options, missing)
  if (prepared !== undefined) state.prepared = prepared
  const { embedder } = options
  if (embedder != null && embedder.id === manifest.embedder.id && embedder.dimensions === manifest.embedder.dimensions) state.embedder = embedder
  else missing(`embedder: ${manifest.embedder.id} is needed to re-embed the chunks${options.embedderProblem != null ? ` (${options.embedderProblem})` : embedder != null ? ` (got ${embedder.id})` : ''}`)
  return state
}

/**
 * The corpus chunked and indexed with the manifest's settings, by this Quarry's chunker; undefined (with the reason
 * given to `missing`) when the corpus is not available, or when the manifest's version says the index was chunked
 * another way
 */
async function rederive (blocks: LazyNode['blocks'], manifest: IndexManifest, options: VerifyIndexOptions, missing: (line: string) => void): Promise<PreparedIndex | undefined> {
  if (manifest.version !== MANIFEST_VERSION) {
    missing(`chunker: the index was chunked as manifest version ${String(manifest.version)} says and this Quarry chunks as version ${MANIFEST_VERSION}: its chunks and statistics cannot be re-derived here`)
    return undefined
  }
  const { k1, b, contextWeight, bigramWeight, feedback } = manifest.lexical
  const bm25 = { k1, b, ...(contextWeight !== undefined ? { contextWeight } : {}), ...(bigramWeight !== undefined ? { bigramWeight } : {}), ...(feedback !== undefined ? { feedback } : {}) }
  // a corpus with scans is indexed from its derivation DAG's OCR texts (named in the manifest; OCR is not re-run here)
  let derivation: { cid: CID, texts: Map<string, DerivedText> } | undefined
  if (manifest.derivation !== undefined) {
    try {
      const cid = CID.parse(manifest.derivation)
      derivation = { cid, texts: await loadDerivation(blocks.get, cid, { signal: options.signal }) }
    } catch (err) {
      options.signal?.throwIfAborted()
      missing(`derivation: the OCR texts ${manifest.derivation} the index was built from are not available (${(err as Error).message})`)
      return undefined
    }
  }
  try {
    return await prepareIndex(blocks.fs, CID.parse(manifest.corpusCid), { chunk: manifest.chunker, bm25, offline: options.offline, signal: options.signal, onProgress: options.onProgress, ...(derivation != null ? { derivation } : {}) })
  } catch (err) {
    if (!unavailable(err)) throw err
    missing(`corpus: the documents of ${manifest.corpusCid} are not available (${(err as Error).message})`)
    return undefined
  }
}

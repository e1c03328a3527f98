import { CID } from 'multiformats/cid'
import { chooseFusion, prepareIndex, type PreparedIndex } from '../build-index.js'
import { DEFAULT_FUSION, type FusionSettings } from '../fusion/fusion-settings.js'
import { loadHnswIndex, type VectorIndex } from '../search/hnsw-index.js'
import { isLegacyLexicalIndex, loadLexicalIndex, type LexicalIndex } from '../search/lexical-index.js'
import { rebuildInIdOrder } from '../search/rebuild-in-id-order.js'
import { decodeChunks, encodeChunksUtf8 } from '../store/chunk-store.js'
import { embeddedCount, INDEX_FILES, manifestEmbedder, type IndexManifest } from '../store/index-manifest.js'
import { readIndexFile, readManifest } from '../store/load-index.js'
import { checkVectors, type CheckVectorsOptions } from './check-vectors.js'
import { compareChunks } from './compare-chunks.js'
import { compareLexical } from './compare-lexical.js'
import { compareFusion } from './compare-fusion.js'
import type { Chunk } from '../chunk.js'
import type { Embedder } from '../embedder.js'
import type { IndexProgressEvent } from '../progress.js'
import type { CheckStatus, IndexCheckName, IndexVerification } from './index-verification.js'
import type { LazyNode } from '../../corpora/index.js'

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

interface Pinned {
  manifest: IndexManifest
  chunksBytes: Uint8Array
  vectorsBytes: Uint8Array
  lexicalBytes: Uint8Array
}

const concat = (parts: Iterable<Uint8Array>): Uint8Array => Buffer.concat([...parts])

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
  const fs = node.blocks.fs
  const read = { signal: options.signal, offline: options.offline }
  const report: IndexVerification = { indexCid: cid.toString(), corpusCid: '', verdict: 'verified', checks: [], ms: 0 }
  const missing = (line: string): void => { (report.missing ??= []).push(line) }
  const check = async (name: IndexCheckName, fn: () => Promise<{ status: CheckStatus, detail: string }>): Promise<void> => {
    const t = Date.now()
    options.onProgress?.({ type: 'indexes:verify:check', check: name })
    const { status, detail } = await fn()
    report.checks.push({ name, status, detail, ms: Date.now() - t })
  }
  const finish = (): IndexVerification => {
    const statuses = report.checks.map(c => c.status)
    report.verdict = statuses.includes('differs') ? 'differs' : statuses.includes('unchecked') || report.missing != null ? 'unchecked' : 'verified'
    report.ms = Date.now() - started
    return report
  }

  // the index itself
  let pinned: Pinned
  try {
    const manifest = await readManifest(fs, cid, read)
    const file = async (name: string): Promise<Uint8Array> => readIndexFile(fs, cid, name, read)
    pinned = { manifest, chunksBytes: await file(manifest.files.chunks), vectorsBytes: await file(manifest.files.vectors), lexicalBytes: await file(manifest.files.lexical) }
  } catch (err) {
    if (!unavailable(err)) {
      await check('manifest', async () => ({ status: 'differs', detail: `not a valid Quarry index: ${(err as Error).message}` }))
      return finish()
    }
    missing(`index: the blocks of ${cid.toString()} are not available (${(err as Error).message})`)
    return finish()
  }
  const { manifest } = pinned
  report.corpusCid = manifest.corpusCid
  let chunks: Chunk[]
  try {
    chunks = decodeChunks(new TextDecoder().decode(pinned.chunksBytes))
  } catch (err) {
    await check('chunks', async () => ({ status: 'differs', detail: `chunks.jsonl is malformed: ${(err as Error).message}` }))
    return finish()
  }

  // the corpus, chunked and indexed with the manifest's settings
  let prepared: PreparedIndex | undefined
  try {
    const { k1, b, contextWeight, bigramWeight, feedback } = manifest.lexical
    const bm25 = { k1, b, ...(contextWeight !== undefined ? { contextWeight } : {}), ...(bigramWeight !== undefined ? { bigramWeight } : {}), ...(feedback !== undefined ? { feedback } : {}) }
    prepared = await prepareIndex(fs, CID.parse(manifest.corpusCid), { chunk: manifest.chunker, bm25, offline: options.offline, signal: options.signal, onProgress: options.onProgress })
  } catch (err) {
    if (!unavailable(err)) throw err
    missing(`corpus: the documents of ${manifest.corpusCid} are not available (${(err as Error).message})`)
  }

  let vectors: VectorIndex | undefined
  let graphError: string | undefined
  try {
    vectors = await loadHnswIndex(pinned.vectorsBytes, {
      dimensions: manifest.embedder.dimensions,
      params: { ef: manifest.hnsw.ef, seed: manifest.hnsw.seed },
      expect: { count: embeddedCount(manifest), ids: manifest.counts.chunks, m: manifest.hnsw.m, efConstruction: manifest.hnsw.efConstruction }
    })
  } catch (err) {
    graphError = (err as Error).message
  }

  await check('manifest', async () => checkManifest(manifest, prepared, vectors, report))
  await check('chunks', async () => checkChunks(chunks, pinned.chunksBytes, prepared, report))
  const lexical = await checkLexicalInto(pinned.lexicalBytes, prepared, report, check)
  await check('graph', async () => {
    if (vectors == null) return { status: 'differs', detail: `vectors.hnsw does not match the manifest: ${graphError ?? ''}` }
    const ids = vectors.ids()
    const rebuilt = rebuildInIdOrder(vectors, manifest.counts.chunks, { ids, signal: options.signal })
    const same = Buffer.from(await rebuilt.toBytes()).equals(Buffer.from(pinned.vectorsBytes))
    return same
      ? { status: 'ok', detail: `the HNSW graph over ${ids.length} vectors is the one a build makes (rebuilt in id order, bit-exact)` }
      : { status: 'differs', detail: 'vectors.hnsw is not the graph a build makes over its own vectors (links, levels or header altered)' }
  })
  const embedder = options.embedder
  const embedderOk = embedder != null && embedder.id === manifest.embedder.id && embedder.dimensions === manifest.embedder.dimensions
  if (!embedderOk) missing(`embedder: ${manifest.embedder.id} is needed to re-embed the chunks${options.embedderProblem != null ? ` (${options.embedderProblem})` : embedder != null ? ` (got ${embedder.id})` : ''}`)
  let vectorsOk = false
  await check('vectors', async () => {
    if (vectors == null) return { status: 'unchecked', detail: 'vectors.hnsw could not be read' }
    if (!embedderOk || embedder == null) return { status: 'unchecked', detail: `no ${manifest.embedder.id} embedder to re-embed with` }
    const v = await checkVectors(vectors, chunks, embedder, { ...options, onProgress: options.onProgress })
    report.vectors = v
    vectorsOk = v.offCount === 0
    const what = v.sample != null ? `a sample of ${v.checked} (seed ${v.sample.seed}) of ${v.embedded} vectors` : `all ${v.checked} vectors`
    const runtime = manifest.embedder.vectors !== undefined && manifest.embedder.vectors !== (manifestEmbedder(embedder).vectors ?? embedder.id) ? ` (built as ${manifest.embedder.vectors}, re-embedded as ${manifestEmbedder(embedder).vectors ?? embedder.id})` : ''
    return vectorsOk
      ? { status: 'ok', detail: `${what} re-embedded: ${v.identical} bit-identical, largest difference ${v.maxDiff.toExponential(2)} ≤ ${v.tolerance}${runtime}` }
      : { status: 'differs', detail: `${v.offCount} of ${v.checked} vectors off tolerance ${v.tolerance} (largest difference ${v.maxDiff.toExponential(2)})${runtime}` }
  })
  await check('fusion', async () => {
    const upstream = report.checks.filter(c => c.name === 'chunks' || c.name === 'lexical')
    const pinnedFusion = manifest.fusion ?? DEFAULT_FUSION
    if (embeddedCount(manifest) < manifest.counts.chunks) {
      // a lexical-only or partly embedded index keeps the lexical-only fusion
      const differences = compareFusion(pinnedFusion, DEFAULT_FUSION, false)
      report.fusion = differences
      return differences.length === 0
        ? { status: 'ok', detail: 'not fully embedded: lexical-only fusion, as a build gives' }
        : { status: 'differs', detail: `not fully embedded, yet its fusion is not the lexical-only default: ${differences.join('; ')}` }
    }
    if (pinnedFusion.calibration.source === 'labels') {
      missing(`fusion: tuned on labelled queries (${pinnedFusion.calibration.dataset ?? 'unnamed'}), which are not in the index: the dense weight ${pinnedFusion.denseWeight} cannot be re-derived`)
      return { status: 'unchecked', detail: 'tuned on labelled queries: not re-derivable from the corpus' }
    }
    if (upstream.some(c => c.status !== 'ok') || lexical == null) return { status: 'unchecked', detail: 'the calibration depends on the chunks and BM25 statistics, which did not check out' }
    if (vectors == null || !vectorsOk || embedder == null) return { status: 'unchecked', detail: 'the calibration needs the vectors and the embedder' }
    const expected: FusionSettings = await chooseFusion({ manifest: { ...manifest, fusion: { ...DEFAULT_FUSION } }, chunks, vectors, lexical }, embedder, {
      embedder,
      signal: options.signal,
      onProgress: options.onProgress
    })
    const otherRuntime = manifest.embedder.vectors !== undefined && manifest.embedder.vectors !== (manifestEmbedder(embedder).vectors ?? embedder.id)
    const differences = compareFusion(pinnedFusion, expected, otherRuntime)
    report.fusion = differences
    return differences.length === 0
      ? { status: 'ok', detail: `dense weight ${pinnedFusion.denseWeight}: the calibration re-run on ${pinnedFusion.calibration.queries} pseudo-queries gives the same ${otherRuntime ? 'weight and scores within tolerance (another runtime)' : 'settings, bit-exact'}` }
      : { status: 'differs', detail: differences.join('; ') }
  })
  return finish()
}

function checkManifest (manifest: IndexManifest, prepared: PreparedIndex | undefined, vectors: VectorIndex | undefined, report: IndexVerification): { status: CheckStatus, detail: string } {
  const differences: string[] = []
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)
  if (!same(manifest.files, INDEX_FILES)) differences.push(`files: ${JSON.stringify(manifest.files)}, a build writes ${JSON.stringify(INDEX_FILES)}`)
  if (vectors != null && vectors.size !== embeddedCount(manifest)) differences.push(`counts.embedded: ${embeddedCount(manifest)}, vectors.hnsw holds ${vectors.size}`)
  if (prepared != null) {
    const { summary } = prepared
    const expected = { files: summary.files, documents: summary.documents, chunks: prepared.chunks.length, skippedFiles: Object.values(summary.skipped).reduce((a, b) => a + b, 0) }
    for (const [key, value] of Object.entries(expected)) {
      const have = manifest.counts[key as keyof typeof expected]
      if (have !== value) differences.push(`counts.${key}: ${have} in the manifest, ${value} from the corpus`)
    }
  }
  if (differences.length > 0) report.manifest = differences
  if (differences.length > 0) return { status: 'differs', detail: differences.join('; ') }
  return prepared == null
    ? { status: 'unchecked', detail: 'file names and embedded count match; counts need the corpus' }
    : { status: 'ok', detail: `counts match the corpus (${manifest.counts.files} files, ${manifest.counts.documents} documents, ${manifest.counts.chunks} chunks)` }
}

function checkChunks (chunks: Chunk[], bytes: Uint8Array, prepared: PreparedIndex | undefined, report: IndexVerification): { status: CheckStatus, detail: string } {
  if (prepared == null) return { status: 'unchecked', detail: 'the corpus is needed to re-chunk it' }
  if (Buffer.from(bytes).equals(concat(encodeChunksUtf8(prepared.chunks)))) return { status: 'ok', detail: `all ${chunks.length} chunks re-derived bit-exact (text, CID, path, range, headings)` }
  const d = compareChunks(chunks, prepared.chunks)
  report.chunks = { ...d, pinned: chunks.length, expected: prepared.chunks.length }
  const parts = [
    d.extra.length > 0 ? `${d.extra.length} extra` : '',
    d.missing.length > 0 ? `${d.missing.length} missing` : '',
    d.altered.length > 0 ? `${d.altered.length} altered` : '',
    d.reordered ? 'the same chunks in another order' : ''
  ].filter(s => s !== '')
  return { status: 'differs', detail: parts.length > 0 ? `${parts.join(', ')} (index ${chunks.length} chunks, corpus ${prepared.chunks.length})` : 'chunks.jsonl differs from the re-derived file in bytes (fields or formatting) though each chunk decodes the same' }
}

/** The lexical check; returns the pinned lexical index when it is usable for calibration */
async function checkLexicalInto (bytes: Uint8Array, prepared: PreparedIndex | undefined, report: IndexVerification, check: (name: IndexCheckName, fn: () => Promise<{ status: CheckStatus, detail: string }>) => Promise<void>): Promise<LexicalIndex | undefined> {
  let lexical: LexicalIndex | undefined
  await check('lexical', async () => {
    if (isLegacyLexicalIndex(bytes)) {
      lexical = prepared?.lexical
      return { status: prepared == null ? 'unchecked' : 'ok', detail: 'an older lexical format: its statistics are recomputed from the chunks on every load, nothing stored to check' }
    }
    if (prepared == null) return { status: 'unchecked', detail: 'the corpus is needed to recompute the BM25 statistics' }
    const differences = compareLexical(bytes, concat(prepared.lexical.encode()))
    if (differences.length > 0) {
      report.lexical = differences
      return { status: 'differs', detail: differences.join('; ') }
    }
    lexical = loadLexicalIndex(bytes)
    return { status: 'ok', detail: `BM25 statistics of ${prepared.lexical.size} chunks re-derived bit-exact` }
  })
  return lexical
}

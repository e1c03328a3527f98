import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chooseFusion, type PreparedIndex } from '../build-index.js'
import { sameBytes, type ByteParts } from '../search/byte-parts.js'
import { DEFAULT_FUSION } from '../fusion/fusion-settings.js'
import { isLegacyLexicalIndex, loadLexicalIndex, type LexicalIndex } from '../search/lexical-index.js'
import { rebuildInIdOrder } from '../search/rebuild-in-id-order.js'
import { encodeChunksUtf8 } from '../store/chunk-store.js'
import { embeddedCount, INDEX_FILES, manifestEmbedder, type IndexManifest } from '../store/index-manifest.js'
import { checkVectors, type CheckVectorsOptions } from './check-vectors.js'
import { compareChunks } from './compare-chunks.js'
import { compareFusion } from './compare-fusion.js'
import { compareLexical } from './compare-lexical.js'
import type { Chunk } from '../chunk.js'
import type { Embedder } from '../embedder.js'
import type { IndexProgressEvent } from '../progress.js'
import type { VectorIndex } from '../search/hnsw-index.js'
import type { CheckStatus, IndexVerification } from './index-verification.js'

/** What one check found */
export interface CheckResult { status: CheckStatus, detail: string }

/** Everything the checks of `verifyIndex` read and fill in */
export interface VerifyState {
  manifest: IndexManifest
  /** The pinned chunks and files */
  chunks: Chunk[]
  /** Each file as its parts, in order (one part when it is not split) */
  chunksBytes: ByteParts
  lexicalBytes: ByteParts
  vectorsBytes: ByteParts
  /** The pinned HNSW index, or why it could not be loaded */
  vectors?: VectorIndex
  vectorsError?: string
  /** The corpus re-chunked and indexed (undefined when it could not be) */
  prepared?: PreparedIndex
  /** The pinned BM25 index, once it checked out */
  lexical?: LexicalIndex
  /** The index's embedder, when it is at hand */
  embedder?: Embedder
  vectorsOk?: boolean
  report: IndexVerification
  missing(line: string): void
  options: Omit<CheckVectorsOptions, 'onProgress'> & { onProgress?(event: IndexProgressEvent): void }
}


/** The name of how an embedder computes its vectors (its cache id) */
const computes = (embedder: Embedder): string => manifestEmbedder(embedder).vectors ?? embedder.id

/** True when the index's vectors were computed another way than `embedder` computes them (e.g. the other USE runtime) */
function otherRuntime (s: VerifyState, embedder: Embedder): boolean {
  return s.manifest.embedder.vectors !== undefined && s.manifest.embedder.vectors !== computes(embedder)
}

/** Manifest: file names, the embedded count against vectors.hnsw, and the counts against the corpus */
export function checkManifest (s: VerifyState): CheckResult {
  const { manifest, prepared, vectors } = s
  const differences: string[] = []
  if (JSON.stringify(manifest.files) !== JSON.stringify(INDEX_FILES)) differences.push(`files: ${JSON.stringify(manifest.files)}, a build writes ${JSON.stringify(INDEX_FILES)}`)
  if (vectors != null && vectors.size !== embeddedCount(manifest)) differences.push(`counts.embedded: ${embeddedCount(manifest)}, vectors.hnsw holds ${vectors.size}`)
  if (prepared != null) {
    const { summary } = prepared
    const expected = { files: summary.files, documents: summary.documents, chunks: prepared.chunks.length, skippedFiles: Object.values(summary.skipped).reduce((a, b) => a + b, 0) }
    for (const [key, value] of Object.entries(expected)) {
      const have = manifest.counts[key as keyof typeof expected]
      if (have !== value) differences.push(`counts.${key}: ${have} in the manifest, ${value} from the corpus`)
    }
  }
  if (differences.length > 0) {
    s.report.manifest = differences
    return { status: 'differs', detail: differences.join('; ') }
  }
  return prepared == null
    ? { status: 'unchecked', detail: 'file names and embedded count match; counts need the corpus' }
    : { status: 'ok', detail: `counts match the corpus (${manifest.counts.files} files, ${manifest.counts.documents} documents, ${manifest.counts.chunks} chunks)` }
}

/** Chunks: chunks.jsonl against the re-derived chunks, bit-exact; differences by path and CID */
export async function checkChunks (s: VerifyState): Promise<CheckResult> {
  const { chunks, prepared } = s
  if (prepared == null) return { status: 'unchecked', detail: 'the corpus is needed to re-chunk it' }
  if (await sameBytes(s.chunksBytes, encodeChunksUtf8(prepared.chunks))) return { status: 'ok', detail: `all ${chunks.length} chunks re-derived bit-exact (text, CID, path, range, headings)` }
  const d = compareChunks(chunks, prepared.chunks)
  s.report.chunks = { ...d, pinned: chunks.length, expected: prepared.chunks.length }
  const parts = [
    d.extra.length > 0 ? `${d.extra.length} extra` : '',
    d.missing.length > 0 ? `${d.missing.length} missing` : '',
    d.altered.length > 0 ? `${d.altered.length} altered` : '',
    d.reordered ? 'the same chunks in another order' : ''
  ].filter(p => p !== '')
  return { status: 'differs', detail: parts.length > 0 ? `${parts.join(', ')} (index ${chunks.length} chunks, corpus ${prepared.chunks.length})` : 'chunks.jsonl differs from the re-derived file in bytes (fields or formatting) though each chunk decodes the same' }
}

/** Lexical: lexical.bin against the re-derived BM25 index, bit-exact; keeps the pinned index for the fusion check */
export async function checkLexical (s: VerifyState): Promise<CheckResult> {
  const { prepared } = s
  if (isLegacyLexicalIndex(s.lexicalBytes)) {
    s.lexical = prepared?.lexical
    return { status: prepared == null ? 'unchecked' : 'ok', detail: 'an older lexical format: its statistics are recomputed from the chunks on every load, nothing stored to check' }
  }
  if (prepared == null) return { status: 'unchecked', detail: 'the corpus is needed to recompute the BM25 statistics' }
  const differences = await sameBytes(s.lexicalBytes, prepared.lexical.encode()) ? [] : compareLexical(s.lexicalBytes, prepared.lexical.toBytes())
  if (differences.length > 0) {
    s.report.lexical = differences
    return { status: 'differs', detail: differences.join('; ') }
  }
  s.lexical = loadLexicalIndex(s.lexicalBytes)
  return { status: 'ok', detail: `BM25 statistics of ${prepared.lexical.size} chunks re-derived bit-exact` }
}

/** Graph: vectors.hnsw against the graph a build makes over its own vectors (rebuilt in id order), bit-exact */
export async function checkGraph (s: VerifyState): Promise<CheckResult> {
  const { vectors } = s
  if (vectors == null) return { status: 'differs', detail: `vectors.hnsw does not match the manifest: ${s.vectorsError ?? ''}` }
  const ids = vectors.ids()
  const rebuilt = rebuildInIdOrder(vectors, s.manifest.counts.chunks, { ids, signal: s.options.signal })
  return await sameGraphFile(rebuilt, s.vectorsBytes)
    ? { status: 'ok', detail: `the HNSW graph over ${ids.length} vectors is the one a build makes (rebuilt in id order, bit-exact)` }
    : { status: 'differs', detail: 'vectors.hnsw is not the graph a build makes over its own vectors (links, levels or header altered)' }
}

/** Whether `index` writes exactly the file held in `parts` (compared as it is read back: neither side is one buffer) */
async function sameGraphFile (index: VectorIndex, parts: ByteParts): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'quarry-verify-'))
  try {
    const file = join(dir, 'vectors.hnsw')
    await index.writeFile(file)
    return await sameBytes(parts, createReadStream(file))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Vectors: each stored vector (or a seeded sample) against its chunk re-embedded, within the tolerance */
export async function checkStoredVectors (s: VerifyState): Promise<CheckResult> {
  const { vectors, embedder, manifest } = s
  if (vectors == null) return { status: 'unchecked', detail: 'vectors.hnsw could not be read' }
  if (embedder == null) return { status: 'unchecked', detail: `no ${manifest.embedder.id} embedder to re-embed with` }
  const v = await checkVectors(vectors, s.chunks, embedder, s.options)
  s.report.vectors = v
  s.vectorsOk = v.offCount === 0
  const what = v.sample != null ? `a sample of ${v.checked} (seed ${v.sample.seed}) of ${v.embedded} vectors` : `all ${v.checked} vectors`
  const runtime = otherRuntime(s, embedder) ? ` (built as ${manifest.embedder.vectors ?? ''}, re-embedded as ${computes(embedder)})` : ''
  return s.vectorsOk
    ? { status: 'ok', detail: `${what} re-embedded: ${v.identical} bit-identical, largest difference ${v.maxDiff.toExponential(2)} ≤ ${v.tolerance}${runtime}` }
    : { status: 'differs', detail: `${v.offCount} of ${v.checked} vectors off tolerance ${v.tolerance} (largest difference ${v.maxDiff.toExponential(2)})${runtime}` }
}

/** Fusion: the manifest's against a re-run calibration (or the lexical-only default of a partly embedded index) */
export async function checkFusion (s: VerifyState): Promise<CheckResult> {
  const { manifest, vectors, embedder, lexical } = s
  const pinned = manifest.fusion ?? DEFAULT_FUSION
  if (embeddedCount(manifest) < manifest.counts.chunks) {
    const differences = compareFusion(pinned, DEFAULT_FUSION, false)
    s.report.fusion = differences
    return differences.length === 0
      ? { status: 'ok', detail: 'not fully embedded: lexical-only fusion, as a build gives' }
      : { status: 'differs', detail: `not fully embedded, yet its fusion is not the lexical-only default: ${differences.join('; ')}` }
  }
  if (pinned.calibration.source === 'labels') {
    s.missing(`fusion: tuned on labelled queries (${pinned.calibration.dataset ?? 'unnamed'}), which are not in the index: the dense weight ${pinned.denseWeight} cannot be re-derived`)
    return { status: 'unchecked', detail: 'tuned on labelled queries: not re-derivable from the corpus' }
  }
  const upstream = s.report.checks.filter(c => c.name === 'chunks' || c.name === 'lexical')
  if (upstream.some(c => c.status !== 'ok') || lexical == null) return { status: 'unchecked', detail: 'the calibration depends on the chunks and BM25 statistics, which did not check out' }
  if (vectors == null || s.vectorsOk !== true || embedder == null) return { status: 'unchecked', detail: 'the calibration needs the vectors and the embedder' }
  const expected = await chooseFusion({ manifest: { ...manifest, fusion: { ...DEFAULT_FUSION } }, chunks: s.chunks, vectors, lexical }, embedder, { embedder, signal: s.options.signal, onProgress: s.options.onProgress })
  const approximate = otherRuntime(s, embedder)
  const differences = compareFusion(pinned, expected, approximate)
  s.report.fusion = differences
  return differences.length === 0
    ? { status: 'ok', detail: `dense weight ${pinned.denseWeight}: the calibration re-run on ${pinned.calibration.queries} pseudo-queries gives the same ${approximate ? 'weight and scores within tolerance (another runtime)' : 'settings, bit-exact'}` }
    : { status: 'differs', detail: differences.join('; ') }
}

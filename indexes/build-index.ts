import { loadDocuments, type DerivedText, type LoadSummary, type UnixFSReader } from '../corpora/index.js'
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunking/chunk-documents.js'
import { calibrateFusion, type CalibrateFusionOptions } from './fusion/calibrate-fusion.js'
import { chunkBody, chunkContext, embeddingText } from './chunking/embedding-text.js'
import { DEFAULT_FUSION, type FusionSettings } from './fusion/fusion-settings.js'
import { embedTexts } from './embedders/embed-chunks.js'
import { queriesAhead } from './embedders/queries-ahead.js'
import { openEmbeddingCache } from './embedders/embedding-cache.js'
import { createMemoryEmbeddingCache } from './embedders/memory-embedding-cache.js'
import { createHnswIndex, DEFAULT_HNSW_PARAMS, type HnswParams, type VectorIndex } from './search/hnsw-index.js'
import { INDEX_FILES, manifestEmbedder, MANIFEST_SCHEMA, MANIFEST_VERSION, type IndexManifest } from './store/index-manifest.js'
import { createLexicalIndex, DEFAULT_BM25, type LexicalIndex, type LexicalIndexOptions } from './search/lexical-index.js'
import { createQuarryIndex } from './search/quarry-index.js'
import { embeddingKey } from './embedding-key.js'
import { QUARRY_VERSION } from '../common/index.js'
import type { Chunk } from './chunk.js'
import type { Embedder } from './embedder.js'
import type { IndexProgressEvent } from './progress.js'
import type { UnixFS } from '@helia/unixfs'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link buildIndex} */
export interface BuildIndexOptions extends AbortOptions {
  /** The embedder for the dense index */
  embedder: Embedder
  /** Embedding cache folder; vectors are reused across builds by (embedder id, chunk CID). @default in-memory only */
  cacheDir?: string
  /** Chunking settings. @default {@link DEFAULT_CHUNK_OPTIONS} */
  chunk?: Partial<Omit<ChunkOptions, 'signal'>>
  /** HNSW settings. @default {@link DEFAULT_HNSW_PARAMS} */
  hnsw?: Partial<Pick<HnswParams, 'm' | 'efConstruction' | 'ef'>>
  /** BM25 settings. @default {@link DEFAULT_BM25}, no feedback */
  bm25?: LexicalIndexOptions
  /**
   * Fusion of hybrid search: `false` keeps lexical-only fusion
   * ({@link DEFAULT_FUSION}); otherwise the dense weight is calibrated on
   * pseudo-queries drawn from the corpus (see `calibrateFusion`); a
   * `FusionSettings` object is used as given.
   * @default true
   */
  fusion?: boolean | CalibrateFusionOptions | FusionSettings
  /** Embedding batch size. @default 64 */
  batchSize?: number
  /** Never fetch corpus blocks from the network. @default false */
  offline?: boolean
  /** The corpus's derivation DAG (OCR of its scans): its CID, named in the manifest, and its texts, loaded in place of the scans. @default none */
  derivation?: { cid: CID, texts: ReadonlyMap<string, DerivedText> }
  /** How much of the dense index to build. @default 'all' */
  dense?: DenseBuild
  /**
   * When the signal aborts while embedding, return the index with the chunks
   * embedded so far (`interrupted` set) instead of throwing. @default false
   */
  keepPartial?: boolean
  onProgress?(event: IndexProgressEvent): void
}

/** How much of the dense (vector) index {@link buildIndex} builds */
export type DenseBuild =
  /** embed every chunk (reusing cached vectors) */
  | 'all'
  /** use only vectors already in the embedding cache; embed nothing */
  | 'cached'
  /** no vectors: a lexical-only index, searchable at once */
  | 'none'

/** An index in memory, ready to search or to pin */
export interface BuiltIndex {
  manifest: IndexManifest
  chunks: Chunk[]
  vectors: VectorIndex
  lexical: LexicalIndex
  /** The embedding of each chunk, by chunk id (kept for benchmarks and exact-search checks); `undefined` where not embedded */
  embeddings: Array<number[] | undefined>
  /** About this run: kept out of the manifest so the index bytes (and CID) do not depend on it */
  stats: BuildStats
  /** Set when embedding stopped early (`keepPartial`): the abort reason */
  interrupted?: unknown
}

/** The lexical half of a build: chunks and BM25, no vectors (see {@link prepareIndex}) */
export interface PreparedIndex {
  corpusCid: CID
  /** The corpus's derivation DAG, when its documents include OCR'd scans */
  derivationCid?: CID
  chunks: Chunk[]
  /** The text embedded and indexed for each chunk ({@link embeddingText}) */
  texts: string[]
  lexical: LexicalIndex
  summary: LoadSummary
  chunkOptions: Required<Omit<ChunkOptions, 'signal'>>
  bm25: LexicalIndex['params']
  started: number
}

/** Run metadata of one build, recorded in the home's index registry, never in the index */
export interface BuildStats {
  /** ISO time the build finished */
  builtAt: string
  buildMs: number
  /** Embeddings taken from the cache instead of computed */
  embeddingsReused: number
}

/**
 * Load a corpus's documents, chunk them (each chunk gets the CID of its bytes)
 * and build the BM25 index: everything a lexical search needs, in seconds.
 */
export async function prepareIndex (fs: UnixFSReader, corpusCid: CID, options: Omit<BuildIndexOptions, 'embedder'>): Promise<PreparedIndex> {
  const started = Date.now()
  const chunkOptions = { ...DEFAULT_CHUNK_OPTIONS, ...options.chunk }
  const summary: LoadSummary = { files: 0, documents: 0, skipped: {} }
  const documents = loadDocuments(fs, corpusCid, { signal: options.signal, offline: options.offline, summary, onProgress: options.onProgress, derived: options.derivation?.texts })
  const chunks: Chunk[] = []
  for await (const chunk of chunkDocuments(documents, { ...chunkOptions, signal: options.signal })) {
    chunks.push(chunk)
    if (chunks.length % 100 === 0) options.onProgress?.({ type: 'indexes:chunk:document', documents: summary.documents, chunks: chunks.length })
  }
  options.onProgress?.({ type: 'indexes:chunk:document', documents: summary.documents, chunks: chunks.length })
  const texts = chunks.map(c => embeddingText(c))
  const lexical = createLexicalIndex(options.bm25)
  lexical.add(chunks.map((chunk, id) => ({ id, text: chunkBody(chunk), context: chunkContext(chunk) })))
  return { corpusCid, ...(options.derivation != null ? { derivationCid: options.derivation.cid } : {}), chunks, texts, lexical, summary, chunkOptions, bm25: lexical.params, started }
}

/**
 * Add the dense half to a {@link PreparedIndex}: embed the chunks (all, only
 * cached ones, or none, per `options.dense`) and build the HNSW graph over
 * them, inserting in chunk-id order. The manifest records how many chunks are
 * embedded (`counts.embedded`) when not all of them are.
 */
export async function completeIndex (prepared: PreparedIndex, options: BuildIndexOptions): Promise<BuiltIndex> {
  const { embedder } = options
  const { chunks, texts } = prepared
  const dense = options.dense ?? 'all'
  const keys = chunks.map((c, i) => embeddingKey(c, texts[i] ?? ''))
  const embeddings: Array<number[] | undefined> = new Array(chunks.length).fill(undefined)
  let reused = 0
  let interrupted: unknown
  const hnswParams = { ...DEFAULT_HNSW_PARAMS, ...options.hnsw }
  if (dense !== 'none') {
    const cache = options.cacheDir == null
      ? createMemoryEmbeddingCache()
      : await openEmbeddingCache({ dir: options.cacheDir, embedderId: embedder.cacheId ?? embedder.id, dimensions: embedder.dimensions })
    try {
      if (dense === 'all') {
        try {
          const res = await embedTexts(embedder, keys.map((key, i) => ({ key, text: texts[i] ?? '' })), {
            cache,
            batchSize: options.batchSize,
            // the next batch is always queued: a worker pool never idles waiting for its slowest worker
            concurrency: 2,
            onProgress: options.onProgress,
            signal: options.signal
          })
          res.vectors.forEach((v, i) => { embeddings[i] = v })
          reused = res.reused
        } catch (err) {
          if (options.keepPartial !== true || options.signal?.aborted !== true) throw err
          interrupted = options.signal.reason ?? err
        }
      }
      if (dense === 'cached' || interrupted !== undefined) {
        keys.forEach((key, i) => {
          const v = cache.get(key)
          if (v !== undefined) { embeddings[i] = Array.from(v); reused++ }
        })
      }
    } finally {
      await cache.close()
    }
  }

  const vectors = createHnswIndex({ dimensions: embedder.dimensions, capacity: Math.max(chunks.length, 1), ...hnswParams })
  const ids = embeddings.flatMap((v, i) => v === undefined ? [] : [i])
  const step = 1000
  for (let i = 0; i < ids.length; i += step) {
    if (interrupted === undefined) options.signal?.throwIfAborted()
    const slice = ids.slice(i, i + step)
    vectors.add(slice.map(id => embeddings[id] ?? []), slice)
    options.onProgress?.({ type: 'indexes:hnsw:add', done: Math.min(i + step, ids.length), total: ids.length })
  }

  const { chunkOptions, bm25, summary } = prepared
  const manifest: IndexManifest = {
    schema: MANIFEST_SCHEMA,
    version: MANIFEST_VERSION,
    corpusCid: prepared.corpusCid.toString(),
    ...(prepared.derivationCid != null ? { derivation: prepared.derivationCid.toString() } : {}),
    embedder: manifestEmbedder(embedder),
    chunker: { chunkSize: chunkOptions.chunkSize, chunkOverlap: chunkOptions.chunkOverlap, minChunkChars: chunkOptions.minChunkChars },
    hnsw: { space: 'cosine', m: hnswParams.m, efConstruction: hnswParams.efConstruction, ef: hnswParams.ef, seed: vectors.params.seed },
    lexical: { algorithm: 'bm25', library: 'quarry-bm25@3', ...bm25 },
    fusion: DEFAULT_FUSION,
    counts: {
      files: summary.files,
      documents: summary.documents,
      chunks: chunks.length,
      skippedFiles: Object.values(summary.skipped).reduce((a, b) => a + b, 0),
      // content, not run metadata: which vectors the index holds
      ...(ids.length < chunks.length ? { embedded: ids.length } : {})
    },
    files: INDEX_FILES,
    quarryVersion: QUARRY_VERSION
  }
  // calibrating the fusion needs every chunk's vector: a lexical-only or partial index keeps lexical-only fusion
  manifest.fusion = ids.length === chunks.length ? await chooseFusion({ manifest, chunks, vectors, lexical: prepared.lexical }, embedder, options) : { ...DEFAULT_FUSION }
  const stats: BuildStats = { builtAt: new Date().toISOString(), buildMs: Date.now() - prepared.started, embeddingsReused: reused }
  return { manifest, chunks, vectors, lexical: prepared.lexical, embeddings, stats, ...(interrupted !== undefined ? { interrupted } : {}) }
}

/**
 * Build a hybrid index over a corpus: load documents, chunk them (each chunk
 * gets the CID of its bytes), embed every chunk (reusing cached vectors by
 * chunk CID), and build an HNSW index and a BM25 index over the same ids.
 * `dense: 'none'` builds a lexical-only index (no embedding at all).
 */
export async function buildIndex (fs: UnixFS, corpusCid: CID, options: BuildIndexOptions): Promise<BuiltIndex> {
  return completeIndex(await prepareIndex(fs, corpusCid, options), options)
}

/**
 * The fusion for a fully embedded index: calibrated on pseudo-queries unless
 * `options.fusion` says otherwise (see {@link BuildIndexOptions.fusion}).
 */
export async function chooseFusion (parts: Pick<BuiltIndex, 'manifest' | 'chunks' | 'vectors' | 'lexical'>, embedder: Embedder, options: BuildIndexOptions): Promise<FusionSettings> {
  const fusion = options.fusion ?? true
  if (fusion === false || parts.chunks.length === 0) return { ...DEFAULT_FUSION }
  if (typeof fusion === 'object' && 'method' in fusion) return fusion
  const calibrate: CalibrateFusionOptions = fusion === true ? {} : fusion
  // the pseudo-queries embedded in one call, not one call each (the same vectors)
  const ahead = queriesAhead(embedder)
  return calibrateFusion(createQuarryIndex(parts, ahead), {
    prefetchQueries: ahead.prefetch,
    ...calibrate,
    signal: options.signal,
    onQuery: (done, total) => options.onProgress?.({ type: 'indexes:calibrate:query', done, total })
  })
}

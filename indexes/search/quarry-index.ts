import { EmbedderMismatchError, InvalidIndexError } from '../errors.js'
import { DEFAULT_K, DEFAULT_SEARCH_MODE } from './search-defaults.js'
import { DEFAULT_FUSION, type FusionSettings } from '../fusion/fusion-settings.js'
import { fuseCandidates, hybridCandidates, type HybridCandidate } from '../fusion/hybrid-candidates.js'
import type { Chunk, SearchMode, SearchResult } from '../chunk.js'
import type { Embedder } from '../embedder.js'
import { isVectorIndex, type VectorIndex } from './hnsw-index.js'
import type { VectorSearch } from './vector-search.js'
import type { IndexManifest } from '../store/index-manifest.js'
import { isLexicalIndex, type LexicalSearch } from './lexical-index.js'
import { fetchedMatches } from './fetched-matches.js'
import type { Retriever } from './retriever.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link QuarryIndex.search} */
export interface SearchOptions extends AbortOptions {
  /** Number of results. @default 5 */
  k?: number
  /** Retrieval mode. @default 'hybrid' */
  mode?: SearchMode
  /** Hybrid: BM25 chunks in the fusion pool. @default max(k, the manifest's `fusion.candidates`) */
  candidates?: number
  /** Hybrid: the dense weight, overriding the manifest's `fusion.denseWeight` (for evaluation) */
  denseWeight?: number
}

/** A loaded, searchable index: a {@link Retriever} with its chunks and manifest */
export interface QuarryIndex extends Retriever {
  /** Index CID (undefined for an index that was built but not pinned) */
  cid?: CID
  manifest: IndexManifest
  chunks: Chunk[]
  /** The embedder used for queries (its id matches the manifest) */
  embedder: Embedder
  /** The HNSW index (chunk ids are positions in `chunks`) */
  readonly vectors: VectorSearch
  /**
   * The BM25 index (chunk ids are positions in `chunks`): the in-process
   * `LexicalIndex`, or the Postgres copy's tables (see `isLexicalIndex`)
   */
  readonly lexical: LexicalSearch
  /** The fusion in use: the manifest's, or {@link DEFAULT_FUSION} for an older manifest */
  readonly fusion: FusionSettings
  /**
   * Chunks that have a vector. While it is below `chunks.length` (a
   * lexical-only or partly embedded index) dense search covers only those
   * chunks, and with none at all `dense` and `hybrid` searches are lexical.
   */
  readonly embedded: number
  /**
   * Add vectors for chunks that have none yet (progressive indexing): later
   * searches use them at once, and `manifest.counts.embedded` follows.
   */
  addEmbeddings(ids: number[], vectors: number[][]): void
  /** Swap in another dense index over the same chunk ids (e.g. one rebuilt in id order) */
  replaceVectors(vectors: VectorIndex): void
  /**
   * Search. A chunk (by CID) appears at most once in the results, even when
   * the corpus holds its text at several places. `mode` falls back to
   * `lexical` while no chunk is embedded.
   */
  search(query: string, options?: SearchOptions): Promise<SearchResult[]>
  /**
   * The hybrid candidate pool of a query (embeds it): the best `lexicalCount`
   * BM25 chunks plus the fusion's dense candidates, with exact scores on both
   * sides. Calibration and tuning fuse it at many weights.
   */
  candidates(query: string, options?: AbortOptions & { lexicalCount?: number }): Promise<HybridCandidate[]>
}

/**
 * Wrap the parts of an index into a searchable {@link QuarryIndex}.
 *
 * @throws {EmbedderMismatchError} when the query embedder is not the one the index was built with
 */
export function createQuarryIndex (parts: { cid?: CID, manifest: IndexManifest, chunks: Chunk[], vectors: VectorSearch, lexical: LexicalSearch }, embedder: Embedder): QuarryIndex {
  const { chunks, lexical } = parts
  let vectors: VectorSearch = parts.vectors
  // a copy: `addEmbeddings` keeps its counts current without touching the caller's manifest
  const manifest: IndexManifest = { ...parts.manifest, counts: { ...parts.manifest.counts } }
  const countEmbedded = (): void => {
    if (vectors.size >= chunks.length) delete manifest.counts.embedded
    else manifest.counts.embedded = vectors.size
  }
  if (embedder.id !== manifest.embedder.id || embedder.dimensions !== manifest.embedder.dimensions) {
    throw new EmbedderMismatchError(`This index was built with embedder "${manifest.embedder.id}" (${manifest.embedder.dimensions}-d) but the query embedder is "${embedder.id}" (${embedder.dimensions}-d); query it with "${manifest.embedder.id}" or rebuild the index`)
  }
  // read at each search: a progressively embedded index is calibrated when it is complete
  const currentFusion = (): FusionSettings => manifest.fusion ?? DEFAULT_FUSION

  /** Chunks in ranked order, each chunk CID once, at most k */
  const unique = (ranked: Iterable<{ id: number }>, k: number): Array<{ id: number, chunk: Chunk }> => {
    const seen = new Set<string>()
    const out: Array<{ id: number, chunk: Chunk }> = []
    for (const { id } of ranked) {
      const chunk = chunks[id]
      if (chunk == null) continue
      const key = chunk.chunkCid.toString()
      if (seen.has(key)) continue
      seen.add(key)
      out.push({ id, chunk })
      if (out.length >= k) break
    }
    return out
  }
  // room for duplicate chunks that unique() drops
  const slack = (k: number): number => k + Math.min(50, k)

  const index: QuarryIndex = {
    cid: parts.cid,
    manifest,
    chunks,
    embedder,
    // a getter: a progressively embedded index gets its final CID when it is complete
    get provenance () {
      return {
        corpusCid: manifest.corpusCid,
        indexCid: index.cid?.toString() ?? '',
        embedder: manifest.embedder.id
      }
    },
    get vectors () {
      return vectors
    },
    lexical,
    get fusion () {
      return currentFusion()
    },
    get embedded () {
      return vectors.size
    },
    addEmbeddings (ids, vecs) {
      if (!isVectorIndex(vectors)) throw new InvalidIndexError('An index whose vectors live in Postgres is not embedded progressively: build it in full, then copy it to the store')
      vectors.add(vecs, ids)
      countEmbedded()
    },
    replaceVectors (next) {
      vectors = next
      countEmbedded()
    },
    async search (query, options = {}) {
      const k = options.k ?? DEFAULT_K
      if (k <= 0) return []
      const mode = vectors.size === 0 ? 'lexical' : options.mode ?? DEFAULT_SEARCH_MODE
      const denseWeight = options.denseWeight ?? currentFusion().denseWeight
      if (!(denseWeight >= 0 && denseWeight <= 1)) throw new RangeError(`denseWeight must be in [0, 1], got ${denseWeight}`)
      const embed = mode === 'dense' || (mode === 'hybrid' && denseWeight > 0)
      // the query embedding may run on a worker thread: BM25 runs meanwhile
      const queryVector = embed ? embedder.embedQuery(query, options) : undefined
      queryVector?.catch(() => {})
      if (mode === 'dense') {
        const hits = await vectors.search(await (queryVector as Promise<number[]>), Math.min(slack(k), chunks.length), options)
        options.signal?.throwIfAborted()
        const byId = new Map(hits.map(h => [h.id, h.score]))
        return unique(hits, k).map(({ id, chunk }, i) => ({ chunk, score: byId.get(id) ?? 0, rank: i + 1, denseScore: byId.get(id) ?? 0 }))
      }
      const lexicalCount = mode === 'lexical' ? slack(k) : Math.max(options.candidates ?? currentFusion().candidates, slack(k))
      // in process: every score at once; in Postgres: the best ones now (while the query embeds), dense candidates' below
      const inProcess = isLexicalIndex(lexical) ? lexical.match(query) : undefined
      const best = inProcess === undefined ? Promise.resolve(lexical.search(query, lexicalCount, options)) : undefined
      best?.catch(() => {})
      if (mode === 'lexical') {
        const matches = inProcess ?? await fetchedMatches(lexical, query, best ?? [], [], options)
        const hits = matches.top(slack(k))
        options.signal?.throwIfAborted()
        return unique(hits, k).map(({ id, chunk }, i) => {
          const hit = matches.get(id)
          return { chunk, score: hit.score, rank: i + 1, lexicalScore: hit.score, lexicalCoverage: hit.coverage }
        })
      }
      const vector = queryVector === undefined ? undefined : await queryVector
      const dense = vector === undefined || currentFusion().denseCandidates === 0 ? [] : await vectors.search(vector, Math.min(currentFusion().denseCandidates, chunks.length), options)
      options.signal?.throwIfAborted()
      const matches = inProcess ?? await fetchedMatches(lexical, query, best ?? [], dense.map(h => h.id), options)
      const pool = await hybridCandidates(matches, dense, vectors, vector, lexicalCount)
      const byId = new Map(pool.map(c => [c.id, c]))
      const fused = fuseCandidates(pool, denseWeight, currentFusion().candidates)
      const scoreById = new Map(fused.map(f => [f.id, f.score]))
      return unique(fused, k).map(({ id, chunk }, i) => {
        const c = byId.get(id) as HybridCandidate
        const result: SearchResult = { chunk, score: scoreById.get(id) ?? 0, rank: i + 1, lexicalScore: c.lexical, lexicalCoverage: c.coverage }
        if (c.dense !== undefined) result.denseScore = c.dense
        return result
      })
    },
    async candidates (query, options = {}) {
      const queryVector = embedder.embedQuery(query, options)
      queryVector.catch(() => {})
      const lexicalCount = options.lexicalCount ?? currentFusion().candidates
      const inProcess = isLexicalIndex(lexical) ? lexical.match(query) : undefined
      const best = inProcess === undefined ? Promise.resolve(lexical.search(query, lexicalCount, options)) : undefined
      best?.catch(() => {})
      const vector = await queryVector
      const dense = currentFusion().denseCandidates === 0 ? [] : await vectors.search(vector, Math.min(currentFusion().denseCandidates, chunks.length), options)
      const matches = inProcess ?? await fetchedMatches(lexical, query, best ?? [], dense.map(h => h.id), options)
      return await hybridCandidates(matches, dense, vectors, vector, lexicalCount)
    }
  }
  return index
}

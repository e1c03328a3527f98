import { EmbedderMismatchError } from './errors.js'
import { fuseResults } from './fuse-results.js'
import { DEFAULT_K, DEFAULT_SEARCH_MODE } from './search-defaults.js'
import type { Chunk, SearchMode, SearchResult } from './chunk.js'
import type { Embedder } from './embedder.js'
import type { VectorIndex } from './hnsw-index.js'
import type { IndexManifest } from './index-manifest.js'
import type { LexicalIndex } from './lexical-index.js'
import type { Retriever } from './retriever.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link QuarryIndex.search} */
export interface SearchOptions extends AbortOptions {
  /** Number of results. @default 5 */
  k?: number
  /** Retrieval mode. @default 'hybrid' */
  mode?: SearchMode
  /** Candidates taken from each list before fusion (hybrid). @default max(50, 4k) */
  candidates?: number
}

/** A loaded, searchable index: a {@link Retriever} with its chunks and manifest */
export interface QuarryIndex extends Retriever {
  /** Index CID (undefined for an index that was built but not pinned) */
  cid?: CID
  manifest: IndexManifest
  chunks: Chunk[]
  /** The embedder used for queries (its id matches the manifest) */
  embedder: Embedder
  search(query: string, options?: SearchOptions): Promise<SearchResult[]>
}

/**
 * Wrap the parts of an index into a searchable {@link QuarryIndex}.
 *
 * @throws {EmbedderMismatchError} when the query embedder is not the one the index was built with
 */
export function createQuarryIndex (parts: { cid?: CID, manifest: IndexManifest, chunks: Chunk[], vectors: VectorIndex, lexical: LexicalIndex }, embedder: Embedder): QuarryIndex {
  const { manifest, chunks, vectors, lexical } = parts
  if (embedder.id !== manifest.embedder.id || embedder.dimensions !== manifest.embedder.dimensions) {
    throw new EmbedderMismatchError(`This index was built with embedder "${manifest.embedder.id}" (${manifest.embedder.dimensions}-d) but the query embedder is "${embedder.id}" (${embedder.dimensions}-d); query it with "${manifest.embedder.id}" or rebuild the index`)
  }
  return {
    cid: parts.cid,
    manifest,
    chunks,
    embedder,
    provenance: {
      corpusCid: manifest.corpusCid,
      indexCid: parts.cid?.toString() ?? '',
      embedder: manifest.embedder.id
    },
    async search (query, options = {}) {
      const k = options.k ?? DEFAULT_K
      const mode = options.mode ?? DEFAULT_SEARCH_MODE
      const candidates = Math.max(options.candidates ?? 50, 4 * k)
      // the query embedding may run on a worker thread: BM25 runs meanwhile
      const queryVector = mode === 'lexical' ? undefined : embedder.embedQuery(query, options)
      queryVector?.catch(() => {})
      const lex = mode === 'dense' ? [] : lexical.search(query, mode === 'lexical' ? k : candidates)
      const dense = queryVector === undefined
        ? []
        : vectors.search(await queryVector, Math.min(mode === 'dense' ? k : candidates, chunks.length))
      options.signal?.throwIfAborted()
      const denseById = new Map(dense.map(r => [r.id, r.score]))
      const lexById = new Map(lex.map(r => [r.id, r.score]))
      const ranked = mode === 'dense' ? dense : mode === 'lexical' ? lex : fuseResults([dense, lex], { limit: k })
      return ranked.slice(0, k).flatMap((r, i) => {
        const chunk = chunks[r.id]
        if (chunk == null) return []
        const result: SearchResult = { chunk, score: r.score, rank: i + 1 }
        const d = denseById.get(r.id)
        const l = lexById.get(r.id)
        if (d != null) result.denseScore = d
        if (l != null) result.lexicalScore = l
        return [result]
      })
    }
  }
}

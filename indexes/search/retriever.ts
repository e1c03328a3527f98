import type { SearchResult } from '../chunk.js'
import type { SearchOptions } from './quarry-index.js'

/** Where a retriever's passages come from: what an answer cites and a report records */
export interface RetrieverProvenance {
  /** Root CID of the corpus the passages come from */
  corpusCid: string
  /** Corpus name, when known */
  corpusName?: string
  /** CID of the index searched ('' for an index built but not pinned) */
  indexCid: string
  /** Embedder id the index was built with */
  embedder: string
}

/**
 * Anything that finds passages for a query, with its provenance. A loaded
 * {@link QuarryIndex} is one; answerers and evals need nothing more.
 */
export interface Retriever {
  search(query: string, options?: SearchOptions): Promise<SearchResult[]>
  readonly provenance: RetrieverProvenance
}

import type { CID } from 'multiformats/cid'

/**
 * A piece of a document, the unit that is embedded, searched and cited.
 *
 * `chunkCid` is the CIDv1 (raw codec, sha2-256) of the UTF-8 bytes of `text`,
 * so anyone can check a quoted chunk by hashing it. `byteStart`/`byteEnd` are
 * UTF-8 byte offsets of `text` inside the text of the document whose file CID
 * is `docCid` (see `Document.text` in corpora).
 */
export interface Chunk {
  chunkCid: CID
  docCid: CID
  /** Document path inside the corpus (JSON records carry `#<id>`) */
  path: string
  /** Document title */
  title: string
  /** Heading path for markdown, outermost first */
  headings?: string[]
  /** Page number for paged documents */
  page?: number
  byteStart: number
  byteEnd: number
  text: string
}

/** Retrieval mode */
export type SearchMode = 'dense' | 'lexical' | 'hybrid'

/** A search hit: a chunk and its score(s) */
export interface SearchResult {
  chunk: Chunk
  /** Final score for the mode (RRF score for hybrid, cosine similarity for dense, BM25 for lexical) */
  score: number
  /** 1-based rank in the result list */
  rank: number
  /** Cosine similarity, when the dense index saw this chunk */
  denseScore?: number
  /** BM25 score, when the lexical index saw this chunk */
  lexicalScore?: number
}

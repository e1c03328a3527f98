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

/**
 * A search hit: a chunk and its score(s). See `docs/retrieval.md` ("Scores")
 * for how to use them, e.g. to abstain.
 */
export interface SearchResult {
  chunk: Chunk
  /**
   * Final score for the mode: BM25 for lexical, cosine similarity for dense,
   * and for hybrid the fused value `(1 − w)·z(BM25) + w·z(cosine)` (z-scores
   * over this query's candidate pool, `w` the index's dense weight), which
   * only orders results WITHIN one query
   */
  score: number
  /** 1-based rank in the result list */
  rank: number
  /** Cosine similarity; present when the query was embedded (dense mode, or hybrid with a dense weight above 0) */
  denseScore?: number
  /** Exact BM25 score (0 when no query term occurs in the chunk); present in lexical and hybrid mode. Grows with query length: do not compare it across queries */
  lexicalScore?: number
  /**
   * Idf-weighted share of the query's distinct terms (after stopwords and
   * stemming) that occur in the chunk, in [0, 1]; a query term the index has
   * never seen counts as missing with the largest idf. Comparable across
   * queries and indexes; present in lexical and hybrid mode
   */
  lexicalCoverage?: number
}

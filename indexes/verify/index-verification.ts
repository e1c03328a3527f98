/** The outcome of one check of {@link IndexVerification} */
export type CheckStatus = 'ok' | 'differs' | 'unchecked'

/** The parts of an index that `verifyIndex` re-derives, in the order it checks them */
export type IndexCheckName = 'manifest' | 'chunks' | 'lexical' | 'graph' | 'vectors' | 'fusion'

/** One check: what it compared and what it found */
export interface IndexCheck {
  name: IndexCheckName
  status: CheckStatus
  /** One line: what matched, what differs, or why it could not be checked */
  detail: string
  ms: number
}

/** A chunk named the way a reader finds it: its position, document path, byte range and CID */
export interface ChunkRef {
  /** Position in the index's chunk list (the id its vector and BM25 postings are filed under) */
  id: number
  path: string
  chunkCid: string
  byteStart: number
  byteEnd: number
}

/** How the pinned chunk list differs from the one re-derived from the corpus */
export interface ChunkDifferences {
  /** Chunks in the index that the corpus does not give */
  extra: ChunkRef[]
  /** Chunks the corpus gives that the index lacks */
  missing: ChunkRef[]
  /** Chunks of a document that differ in text, CID, range, title or headings: the pinned one, the expected one, the fields that differ */
  altered: Array<{ pinned: ChunkRef, expected: ChunkRef, fields: string[] }>
  /** Same chunks, in another order (their ids, and so vectors and postings, are filed differently) */
  reordered: boolean
}

/** How the stored vectors compare with the chunks re-embedded */
export interface VectorCheck {
  /** Chunks with a vector in the index */
  embedded: number
  /** Vectors re-embedded and compared */
  checked: number
  /** Set when a seeded sample was checked instead of every vector */
  sample?: { size: number, seed: number }
  /** Largest allowed difference of one component of a unit vector */
  tolerance: number
  /** Largest difference found (0 when bit-identical) */
  maxDiff: number
  /** Vectors identical to the bit */
  identical: number
  /** Vectors further than `tolerance` from their chunk's embedding (at most 20 listed) */
  offTolerance: Array<ChunkRef & { maxDiff: number }>
  /** How many were off tolerance in all */
  offCount: number
}

/** What `quarry index verify` reports */
export interface IndexVerification {
  indexCid: string
  corpusCid: string
  /** `verified`: every check passed; `differs`: something in the index is not what its corpus and manifest give; `unchecked`: nothing differs but something could not be checked */
  verdict: 'verified' | 'differs' | 'unchecked'
  checks: IndexCheck[]
  chunks?: ChunkDifferences & { pinned: number, expected: number }
  /** Lexical statistics that differ (parameters, term counts, postings) */
  lexical?: string[]
  /** Manifest fields that differ from what the corpus gives */
  manifest?: string[]
  vectors?: VectorCheck
  /** Fusion fields that differ from a re-run calibration */
  fusion?: string[]
  /** What could not be checked and how to supply it (the corpus, blocks, the embedder) */
  missing?: string[]
  ms: number
}

import type { Chunk, SearchResult } from '../chunk.js'

/** A chunk as plain JSON: the {@link Chunk} fields with its CIDs as strings (`headings` absent when empty) */
export interface WireChunk extends Omit<Chunk, 'chunkCid' | 'docCid'> {
  /** CID of the passage text (raw, sha2-256): cite this */
  chunkCid: string
  /** CID of the file the passage comes from */
  docCid: string
}

/** A search hit as plain JSON */
export interface WireResult extends WireChunk {
  rank: number
  score: number
  /** Cosine similarity (with `scores: true`, when the dense index saw the chunk) */
  denseScore?: number
  /** BM25 score (with `scores: true`, when the lexical index saw the chunk) */
  lexicalScore?: number
  /** Idf-weighted share of the query's terms in the chunk, in [0, 1] (with `scores: true`; see `SearchResult.lexicalCoverage`) */
  lexicalCoverage?: number
}

/** Options for {@link toWireResult} */
export interface ToWireResultOptions {
  /** Include the dense and lexical scores behind a fused score. @default false */
  scores?: boolean
}

/** The one chunk → JSON mapping */
export function toWireChunk (chunk: Chunk): WireChunk {
  return {
    chunkCid: chunk.chunkCid.toString(),
    docCid: chunk.docCid.toString(),
    path: chunk.path,
    title: chunk.title,
    ...(chunk.headings != null && chunk.headings.length > 0 ? { headings: chunk.headings } : {}),
    ...(chunk.page != null ? { page: chunk.page } : {}),
    byteStart: chunk.byteStart,
    byteEnd: chunk.byteEnd,
    text: chunk.text
  }
}

/** A search result as JSON: rank and score, then the chunk */
export function toWireResult (result: SearchResult, options: ToWireResultOptions = {}): WireResult {
  return {
    rank: result.rank,
    score: result.score,
    ...(options.scores === true && result.denseScore != null ? { denseScore: result.denseScore } : {}),
    ...(options.scores === true && result.lexicalScore != null ? { lexicalScore: result.lexicalScore } : {}),
    ...(options.scores === true && result.lexicalCoverage != null ? { lexicalCoverage: result.lexicalCoverage } : {}),
    ...toWireChunk(result.chunk)
  }
}

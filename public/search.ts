/**
 * `quarry/search`: build, pin, load and search an index (HNSW + BM25,
 * hybrid by convex fusion), and the chunks and results it works with.
 *
 * @packageDocumentation
 */
export {
  buildIndex, pinIndex, loadIndex, readManifest, verifyIndex, chunkDocuments, chunkCid, verifyChunkCid, toWireResult,
  SEARCH_MODES, DEFAULT_SEARCH_MODE, DEFAULT_K, DEFAULT_CHUNK_OPTIONS, MANIFEST_VERSION,
  copyIndexToStore, openStoredIndex, openPostgresStore,
  InvalidIndexError, EmbedderMismatchError, IndexNotFoundError, DimensionMismatchError
} from '../indexes/index.js'
export type {
  Chunk, SearchMode, SearchResult, SearchOptions, QuarryIndex, Retriever, RetrieverProvenance, IndexManifest,
  BuildIndexOptions, BuiltIndex, BuildStats, PinIndexOptions, LoadIndexOptions, ChunkOptions, WireResult, WireChunk,
  IndexProgressEvent, VerifyIndexOptions, IndexVerification, VectorSearch, OpenStoredIndexOptions, ConnectedPostgresStore
} from '../indexes/index.js'

/**
 * The indexes layer: chunking with chunk CIDs, embedders and their cache,
 * HNSW and BM25 indexes, result fusion, the index manifest, building,
 * pinning and loading indexes by CID, and the index registry.
 *
 * @packageDocumentation
 */

export { InvalidIndexError, EmbedderMismatchError, IndexNotFoundError, DimensionMismatchError } from './errors.js'
export type { Chunk, SearchMode, SearchResult } from './chunk.js'
export type { Embedder, EmbedBatchProgress } from './embedder.js'
export type { IndexProgressEvent } from './progress.js'
export { SEARCH_MODES, DEFAULT_SEARCH_MODE, DEFAULT_K, isSearchMode } from './search-defaults.js'
export { QUARRY_VERSION, QUARRY_PACKAGE_ROOT } from './package-info.js'
export { createOpenAICompatibleClient, serverMessage } from './openai-compatible-client.js'
export type { OpenAICompatibleClient, OpenAICompatibleClientOptions, RequestFailure } from './openai-compatible-client.js'
export { toWireChunk, toWireResult } from './to-wire-result.js'
export type { WireChunk, WireResult, ToWireResultOptions } from './to-wire-result.js'
export { chunkCid, verifyChunkCid } from './chunk-cid.js'
export { chunkDocuments, DEFAULT_CHUNK_OPTIONS } from './chunk-documents.js'
export type { ChunkOptions } from './chunk-documents.js'
export { embeddingText, chunkContext, chunkBody } from './embedding-text.js'
export { readableText, readableChunkText, textStyle } from './readable-text.js'
export type { TextStyle } from './readable-text.js'
export { tokenize } from './tokenize.js'
export { createLexicalIndex, loadLexicalIndex, isLegacyLexicalIndex, DEFAULT_BM25 } from './lexical-index.js'
export type { LexicalIndex, LexicalIndexOptions, LexicalParams, LexicalHit, LexicalMatches } from './lexical-index.js'
export { createBm25Postings, queryTerms } from './bm25-postings.js'
export type { Bm25Params, Bm25Postings, Bm25Scores, PlainBm25Postings, WeightedTerms } from './bm25-postings.js'
export { expandQuery } from './expand-query.js'
export type { FeedbackParams } from './expand-query.js'
export { fuseConvex } from './convex-fusion.js'
export type { FusionCandidate } from './convex-fusion.js'
export { DEFAULT_FUSION, FUSION_WEIGHT_GRID, fusionSettingsProblem } from './fusion-settings.js'
export type { FusionSettings, FusionCalibration } from './fusion-settings.js'
export { chooseDenseWeight, bootstrapMean, seededRandom } from './choose-dense-weight.js'
export type { ChooseDenseWeightOptions } from './choose-dense-weight.js'
export { hybridCandidates, fuseCandidates } from './hybrid-candidates.js'
export type { HybridCandidate } from './hybrid-candidates.js'
export { pseudoQueries } from './pseudo-queries.js'
export type { CalibrationQuery, PseudoQueryOptions } from './pseudo-queries.js'
export { calibrateFusion, measureFusion, binaryNdcg, quantiles } from './calibrate-fusion.js'
export type { CalibrateFusionOptions, MeasureFusionOptions } from './calibrate-fusion.js'
export { createHnswIndex, loadHnswIndex, exactSearch, DEFAULT_HNSW_PARAMS, HNSW_SEED } from './hnsw-index.js'
export type { HnswParams, VectorIndex } from './hnsw-index.js'
export { MANIFEST_VERSION, INDEX_FILES, parseManifest, embeddedCount } from './index-manifest.js'
export type { IndexManifest } from './index-manifest.js'
export { buildIndex, prepareIndex, completeIndex } from './build-index.js'
export type { BuildIndexOptions, BuiltIndex, BuildStats, DenseBuild, PreparedIndex } from './build-index.js'
export { embedRemaining } from './embed-remaining.js'
export type { EmbedRemainingOptions } from './embed-remaining.js'
export { pinIndex } from './pin-index.js'
export type { PinIndexOptions } from './pin-index.js'
export { loadIndex, readManifest } from './load-index.js'
export type { LoadIndexOptions } from './load-index.js'
export { createQuarryIndex } from './quarry-index.js'
export type { QuarryIndex, SearchOptions } from './quarry-index.js'
export type { Retriever, RetrieverProvenance } from './retriever.js'
export { indexHome } from './index-registry.js'
export type { IndexEntry, IndexHome } from './index-registry.js'
export type { VectorSearch, VectorHit } from './vector-search.js'
export { createPostgresStore, storedIndexTable } from './postgres-store.js'
export type { PostgresStore, SqlClient, StoredIndexInfo, WriteStoredIndexOptions } from './postgres-store.js'
export { openPostgresStore } from './open-postgres-store.js'
export type { ConnectedPostgresStore } from './open-postgres-store.js'
export { copyIndexToStore, openStoredIndex } from './stored-index.js'
export type { OpenStoredIndexOptions } from './stored-index.js'
export { createIndexStore } from './index-store.js'
export type { IndexStore, BuildOptions } from './index-store.js'
export {
  createEmbedder, parseEmbedderSpec, EMBEDDER_KINDS, DEFAULT_EMBED_BASE_URL,
  createUseEmbeddings, defaultUseThreads, USE_EMBEDDER_ID, USE_DIMENSIONS,
  createTransformersEmbeddings, createOpenAIEmbeddings, createLlamaEmbeddings,
  openEmbeddingCache, createMemoryEmbeddingCache,
  EmbedderRequestError, InvalidEmbedderError, EmbedderLoadError
} from './embedders/index.js'
export type {
  EmbedderSpec, UseEmbeddingsOptions, TransformersEmbeddingsOptions, OpenAIEmbeddingsOptions,
  LlamaEmbeddingsOptions, LlamaDevice, LlamaEmbedderInfo,
  EmbeddingCache, OpenEmbeddingCacheOptions, MemoryEmbeddingCacheOptions
} from './embedders/index.js'
export { validateHnswFile } from './hnsw-file.js'
export type { HnswFileExpectation } from './hnsw-file.js'

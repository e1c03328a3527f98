/**
 * The indexes layer: chunking with chunk CIDs, embedders and their cache,
 * HNSW and BM25 indexes, result fusion, the index manifest, building,
 * pinning and loading indexes by CID, and the index registry.
 *
 * @packageDocumentation
 */

export { InvalidIndexError, EmbedderMismatchError, IndexNotFoundError, DimensionMismatchError } from './errors.js'
export { hnswFileBytes } from './search/hnsw-file-size.js'
export { DEFAULT_INDEX_PART_BYTES, MIN_INDEX_PART_BYTES, MAX_INDEX_PART_BYTES } from './store/index-parts.js'
export type { Chunk, SearchMode, SearchResult } from './chunk.js'
export type { Embedder, EmbedBatchProgress } from './embedder.js'
export { knownDimensions } from './embedder.js'
export type { IndexProgressEvent } from './progress.js'
export { SEARCH_MODES, DEFAULT_SEARCH_MODE, DEFAULT_K, isSearchMode } from './search/search-defaults.js'
export { toWireChunk, toWireResult } from './search/to-wire-result.js'
export type { WireChunk, WireResult, ToWireResultOptions } from './search/to-wire-result.js'
export { chunkCid, verifyChunkCid } from './chunking/chunk-cid.js'
export { chunkDocuments, DEFAULT_CHUNK_OPTIONS } from './chunking/chunk-documents.js'
export type { ChunkOptions } from './chunking/chunk-documents.js'
export { embeddingText, chunkContext, chunkBody } from './chunking/embedding-text.js'
export { readableText, readableTextMap, readableChunkText, textStyle, sentenceStyle, sentenceText } from './chunking/readable-text.js'
export type { TextStyle, MappedText } from './chunking/readable-text.js'
export { tokenize, wordTokens, ENGLISH_STOPWORDS, QUESTION_WORDS } from './search/tokenize.js'
export type { TokenizeOptions } from './search/tokenize.js'
export { stem } from './search/stem.js'
export { createLexicalIndex, loadLexicalIndex, isLegacyLexicalIndex, isLexicalIndex, DEFAULT_BM25 } from './search/lexical-index.js'
export type { LexicalIndex, LexicalIndexOptions, LexicalParams, LexicalHit, LexicalMatches, LexicalSearch } from './search/lexical-index.js'
export { createBm25Postings, weightedQueryTerms, QUESTION_WORD_WEIGHT } from './search/bm25-postings.js'
export type { Bm25Params, Bm25Postings, Bm25Scores, PostingsContents, WeightedTerms } from './search/bm25-postings.js'
export { expandQuery } from './search/expand-query.js'
export type { FeedbackParams } from './search/expand-query.js'
export { fuseConvex } from './fusion/convex-fusion.js'
export type { FusionCandidate } from './fusion/convex-fusion.js'
export { DEFAULT_FUSION, FUSION_WEIGHT_GRID, fusionSettingsProblem } from './fusion/fusion-settings.js'
export type { FusionSettings, FusionCalibration } from './fusion/fusion-settings.js'
export { chooseDenseWeight, bootstrapMean, seededRandom } from './fusion/choose-dense-weight.js'
export type { ChooseDenseWeightOptions } from './fusion/choose-dense-weight.js'
export { hybridCandidates, fuseCandidates } from './fusion/hybrid-candidates.js'
export type { HybridCandidate } from './fusion/hybrid-candidates.js'
export { pseudoQueries } from './fusion/pseudo-queries.js'
export type { CalibrationQuery, PseudoQueryOptions } from './fusion/pseudo-queries.js'
export { calibrateFusion, measureFusion, binaryNdcg, quantiles } from './fusion/calibrate-fusion.js'
export type { CalibrateFusionOptions, MeasureFusionOptions } from './fusion/calibrate-fusion.js'
export { createHnswIndex, loadHnswIndex, deferredHnswIndex, exactSearch, DEFAULT_HNSW_PARAMS, HNSW_SEED } from './search/hnsw-index.js'
export type { HnswParams, HnswLoadInit, VectorIndex } from './search/hnsw-index.js'
export { MANIFEST_VERSION, INDEX_FILES, parseManifest, embeddedCount } from './store/index-manifest.js'
export { encodeChunksUtf8 } from './store/chunk-store.js'
export type { IndexManifest } from './store/index-manifest.js'
export { buildIndex, prepareIndex, completeIndex } from './build-index.js'
export type { BuildIndexOptions, BuiltIndex, BuildStats, DenseBuild, PreparedIndex } from './build-index.js'
export { embedRemaining } from './embed-remaining.js'
export { verifyIndex } from './verify/verify-index.js'
export type { VerifyIndexOptions } from './verify/verify-index.js'
export { VECTOR_TOLERANCE } from './verify/check-vectors.js'
export type { IndexVerification, IndexCheck, IndexCheckName, CheckStatus, ChunkRef, ChunkDifferences, VectorCheck } from './verify/index-verification.js'
export type { EmbedRemainingOptions } from './embed-remaining.js'
export { pinIndex } from './store/pin-index.js'
export type { PinIndexOptions } from './store/pin-index.js'
export { loadIndex, readManifest } from './store/load-index.js'
export type { LoadIndexOptions } from './store/load-index.js'
export { createQuarryIndex } from './search/quarry-index.js'
export type { QuarryIndex, SearchOptions } from './search/quarry-index.js'
export type { Retriever, RetrieverProvenance } from './search/retriever.js'
export { indexHome } from './store/index-registry.js'
export type { IndexEntry, IndexHome } from './store/index-registry.js'
export type { VectorSearch, VectorHit } from './search/vector-search.js'
export { createPostgresStore, storedIndexTable } from './store/postgres-store.js'
export type { PostgresStore, SqlClient, StoredIndexInfo, WriteStoredIndexOptions } from './store/postgres-store.js'
export { openPostgresStore } from './store/open-postgres-store.js'
export type { ConnectedPostgresStore } from './store/open-postgres-store.js'
export { copyIndexToStore, openStoredIndex } from './store/stored-index.js'
export type { CopyIndexToStoreOptions, OpenStoredIndexOptions } from './store/stored-index.js'
export { lexicalSql, lexicalTables, postgresLexicalSearch, queryTerms, writeLexicalTables } from './store/postgres-lexical.js'
export type { SqlQueryTerms, StoredLexicalInfo, WriteLexicalTablesOptions } from './store/postgres-lexical.js'
export { createIndexStore } from './store/index-store.js'
export type { IndexStoreOptions } from './store/index-store.js'
export type { IndexStore, BuildOptions } from './store/index-store.js'
export {
  createEmbedder, parseEmbedderSpec, EMBEDDER_KINDS, DEFAULT_EMBED_BASE_URL,
  createUseEmbeddings, defaultUseRuntime, defaultUseThreads, USE_EMBEDDER_ID, USE_DIMENSIONS,
  createUseRunner, USE_TEXTS_PER_CALL, useModulePaths, loadUseOnnxRunner,
  createTransformersEmbeddings, createOpenAIEmbeddings, createLlamaEmbeddings,
  openEmbeddingCache, createMemoryEmbeddingCache,
  EmbedderRequestError, InvalidEmbedderError, EmbedderLoadError
} from './embedders/index.js'
export type {
  EmbedderSpec, UseEmbeddingsOptions, UseRuntime, UseRunner, UseRunnerOptions, UseOnnxRunnerOptions, UseModel, UseTf, TransformersEmbeddingsOptions, OpenAIEmbeddingsOptions,
  LlamaEmbeddingsOptions, LlamaDevice, LlamaEmbedderInfo,
  EmbeddingCache, OpenEmbeddingCacheOptions, MemoryEmbeddingCacheOptions
} from './embedders/index.js'
export { validateHnswFile } from './search/hnsw-file.js'
export type { HnswFileExpectation } from './search/hnsw-file.js'

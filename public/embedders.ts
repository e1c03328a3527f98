/**
 * `quarry/embedders`: the embedders an index can be built with (USE lite,
 * transformers.js, OpenAI-compatible servers, GGUF through node-llama-cpp),
 * each a LangChain `Embeddings`, and the embedding cache.
 *
 * @packageDocumentation
 */
export {
  createEmbedder, parseEmbedderSpec, EMBEDDER_KINDS, createUseEmbeddings, USE_EMBEDDER_ID, USE_DIMENSIONS,
  createTransformersEmbeddings, createOpenAIEmbeddings, createLlamaEmbeddings, openEmbeddingCache, createMemoryEmbeddingCache,
  EmbedderRequestError, InvalidEmbedderError, EmbedderLoadError
} from '../indexes/index.js'
export type {
  Embedder, EmbedBatchProgress, EmbedderSpec, UseEmbeddingsOptions, UseRuntime, TransformersEmbeddingsOptions, OpenAIEmbeddingsOptions,
  LlamaEmbeddingsOptions, LlamaDevice, EmbeddingCache, OpenEmbeddingCacheOptions, MemoryEmbeddingCacheOptions
} from '../indexes/index.js'

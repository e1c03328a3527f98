/**
 * Text embedders (USE, transformers.js, OpenAI-compatible servers), the
 * content-addressed embedding cache and batch embedding with reuse.
 *
 * @packageDocumentation
 */

export { createUseEmbeddings, defaultUseRuntime, defaultUseThreads, USE_EMBEDDER_ID, USE_DIMENSIONS } from './use-embeddings.js'
export type { UseEmbeddingsOptions, UseRuntime } from './use-embeddings.js'
export { createUseRunner, USE_TEXTS_PER_CALL } from './use-runner.js'
export type { UseRunner, UseRunnerOptions, UseModel, UseTf } from './use-runner.js'
export { useModulePaths } from './use-worker-pool.js'
export { loadUseOnnxRunner } from './use-onnx-runner.js'
export type { UseOnnxRunnerOptions } from './use-onnx-runner.js'
export { createOpenAIEmbeddings } from './openai-embeddings.js'
export type { OpenAIEmbeddingsOptions } from './openai-embeddings.js'
export { createTransformersEmbeddings } from './transformers-embeddings.js'
export { createLlamaEmbeddings } from './llama-embeddings.js'
export type { LlamaEmbeddingsOptions, LlamaDevice, LlamaEmbedderInfo } from './llama-embeddings.js'
export type { TransformersEmbeddingsOptions } from './transformers-embeddings.js'
export { openEmbeddingCache } from './embedding-cache.js'
export type { EmbeddingCache, OpenEmbeddingCacheOptions } from './embedding-cache.js'
export { createMemoryEmbeddingCache } from './memory-embedding-cache.js'
export type { MemoryEmbeddingCacheOptions } from './memory-embedding-cache.js'
export { createEmbedder, parseEmbedderSpec, EMBEDDER_KINDS, DEFAULT_EMBED_BASE_URL } from './create-embedder.js'
export type { EmbedderSpec } from './create-embedder.js'
export { EmbedderRequestError, InvalidEmbedderError, EmbedderLoadError } from './errors.js'

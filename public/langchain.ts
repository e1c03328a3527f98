/**
 * `quarry/langchain`: `QuarryRetriever` (a LangChain `BaseRetriever` whose
 * documents carry their chunk, document, corpus and index CIDs) and Quarry's
 * tools as LangChain tools.
 *
 * @packageDocumentation
 */
export { QuarryRetriever, quarryLangChainTools, toLangChainTools } from '../langchain/index.js'
export type { QuarryRetrieverOptions, QuarryDocumentMetadata, QuarryLangChainToolsOptions } from '../langchain/index.js'

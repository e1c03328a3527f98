/**
 * Quarry for LangChain JS (`quarry/langchain`): {@link QuarryRetriever}, a
 * `BaseRetriever` whose documents carry verifiable CIDs, and Quarry's tools
 * as LangChain tools.
 *
 * @packageDocumentation
 */

export { QuarryRetriever } from './quarry-retriever.js'
export type { QuarryRetrieverOptions, QuarryDocumentMetadata } from './quarry-retriever.js'
export { quarryLangChainTools } from './quarry-langchain-tools.js'
export type { QuarryLangChainToolsOptions } from './quarry-langchain-tools.js'
export { toLangChainTools } from './to-langchain-tools.js'

/**
 * The tools layer: Quarry's operations defined once (`quarry_search`,
 * `quarry_read`, `quarry_list_corpora`) over a shared {@link ToolContext},
 * and their LangChain adapter. The MCP server maps the same definitions.
 *
 * @packageDocumentation
 */

export { defineTool } from './define-tool.js'
export type { QuarryTool, ToolCallOptions, ToolLink } from './define-tool.js'
export { createToolContext } from './tool-context.js'
export type { ToolContext, ToolContextOptions, ToolIndexOptions } from './tool-context.js'
export { searchTool } from './search-tool.js'
export type { SearchToolInput, SearchToolHit, SearchToolOutput } from './search-tool.js'
export { readCid } from './read-cid.js'
export type { ReadCidOptions, ReadCidResult, ReadKind } from './read-cid.js'
export { readTool } from './read-tool.js'
export type { ReadToolInput, ReadToolOutput } from './read-tool.js'
export { listCorporaTool } from './list-corpora-tool.js'
export { verifyIndexTool } from './verify-index-tool.js'
export type { VerifyIndexToolInput } from './verify-index-tool.js'
export type { ListCorporaOutput, ListedCorpus, ListedIndex } from './list-corpora-tool.js'
export { UnsupportedContentError, CidNotFoundError } from './errors.js'

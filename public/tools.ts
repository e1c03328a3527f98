/**
 * `quarry/tools`: each operation defined once (search, read, list corpora, verify an index)
 * over a session, and `defineTool` for your own; `quarry/langchain` adapts
 * them to LangChain and `quarry mcp` serves them over MCP.
 *
 * @packageDocumentation
 */
export { defineTool, createToolContext, searchTool, readTool, readCid, listCorporaTool, verifyIndexTool, UnsupportedContentError, CidNotFoundError } from '../tools/index.js'
export type {
  QuarryTool, ToolCallOptions, ToolContext, ToolContextOptions, ToolIndexOptions, SearchToolInput, SearchToolHit, SearchToolOutput,
  ReadToolInput, ReadToolOutput, ReadCidOptions, ReadCidResult, ReadKind, ListCorporaOutput, ListedCorpus, ListedIndex, VerifyIndexToolInput
} from '../tools/index.js'

import { askTool, verifyTool } from '../agent/index.js'
import { createToolContext, listCorporaTool, readTool, searchTool, verifyIndexTool, type ToolContextOptions } from '../tools/index.js'
import { toLangChainTools } from './to-langchain-tools.js'
import type { QuarrySession } from '../session/index.js'
import type { DynamicStructuredTool } from '@langchain/core/tools'

/** Options for {@link quarryLangChainTools} */
export interface QuarryLangChainToolsOptions extends ToolContextOptions {
  /** Also give the agent `quarry_ask`, `quarry_verify` and `quarry_verify_index`. @default false (search, read, list corpora) */
  answerTools?: boolean
}

/**
 * Quarry's tools (`quarry_search`, `quarry_read`, `quarry_list_corpora`, and
 * optionally `quarry_ask`, `quarry_verify`, `quarry_verify_index`) as LangChain tools over one
 * session, for `createAgent`, `bindTools` or LangGraph's `ToolNode`.
 */
export function quarryLangChainTools (session: QuarrySession, options: QuarryLangChainToolsOptions = {}): DynamicStructuredTool[] {
  const { answerTools, ...ctxOptions } = options
  const ctx = createToolContext(session, ctxOptions)
  const tools = [searchTool(ctx), readTool(ctx), listCorporaTool(ctx), ...(answerTools === true ? [askTool(ctx), verifyTool(ctx), verifyIndexTool(ctx)] : [])]
  return toLangChainTools(tools)
}

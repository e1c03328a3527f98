import { DynamicStructuredTool } from '@langchain/core/tools'
import type { QuarryTool } from '../tools/index.js'

/**
 * Adapt Quarry tools to LangChain JS tools (for `createAgent`, `bindTools`,
 * LangGraph's `ToolNode`). Each tool returns its output as JSON text for the
 * model and, as the ToolMessage `artifact`, the output object itself.
 * Failures are thrown with the error's name and message, which LangChain's
 * agents hand back to the model as an error ToolMessage.
 */
export function toLangChainTools (tools: ReadonlyArray<QuarryTool<any, any>>): DynamicStructuredTool[] {
  return tools.map(t => new DynamicStructuredTool({
    name: t.name,
    description: t.description,
    schema: t.schema,
    responseFormat: 'content_and_artifact',
    func: async (input: unknown, _runManager, config) => {
      const output: unknown = await t.execute(input, { signal: config?.signal })
      return [JSON.stringify(output), output]
    }
  }))
}

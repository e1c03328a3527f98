import type { IndexProgressEvent } from '../indexes/index.js'
import type { AbortOptions } from '@libp2p/interface'
import type { z } from 'zod'

/** Options passed to {@link QuarryTool.execute} by an adapter (LangChain, MCP) or a direct caller */
export interface ToolCallOptions extends AbortOptions {
  /** Progress while the call waits on work such as a first index build */
  onProgress?(event: IndexProgressEvent): void
}

/** Hints about a tool's effects (the MCP tool annotations) */
export interface ToolAnnotations {
  /** Never changes anything (no writes to the home, no network fetch stored) */
  readOnlyHint?: boolean
  /** Calling twice with the same input has no further effect */
  idempotentHint?: boolean
  /** May reach beyond the local home (peers, gateways, remote APIs) */
  openWorldHint?: boolean
}

/**
 * Content a tool result points at by CID, for a reader to open on demand
 * (the MCP server sends each as a `resource_link` to `ipfs://<cid>`)
 */
export interface ToolLink {
  cid: string
  /** Short name, e.g. the document path */
  name: string
  title?: string
  description?: string
}

/**
 * One operation, defined once and adapted to each agent framework: a name, a
 * description written for a language model, a zod schema for the input, and
 * `execute`. Outputs are plain JSON-able values (CIDs as strings).
 */
export interface QuarryTool<I = any, O = unknown> {
  /** Stable snake_case name, e.g. `quarry_search` */
  name: string
  /** Short human title */
  title?: string
  /** What the tool does and when to use it, for an LLM */
  description: string
  /**
   * What the tool may do, as MCP tool annotations: `readOnlyHint` only when
   * it never writes to the home (no index build, no block fetched and
   * stored), `openWorldHint` when it may reach peers or gateways.
   * @default { readOnlyHint: false, idempotentHint: false, openWorldHint: true } (assume the worst)
   */
  annotations?: ToolAnnotations
  /** Input schema; adapters validate arguments with it before `execute` runs */
  schema: z.ZodType<I>
  /**
   * Schema of the output (a JSON object), declared to clients as the MCP
   * `outputSchema`; the MCP SDK checks results against it on both ends, so
   * it must hold for every output (loose objects where fields may be added)
   */
  outputSchema?: z.ZodObject
  /** CIDs the output points at (e.g. search hits sent as snippets), for adapters that can link content */
  links?(output: O): ToolLink[]
  /** Run the tool on validated input */
  execute(input: I, options: ToolCallOptions): Promise<O>
}

/**
 * Define a tool; the input type comes from the schema.
 *
 * @example
 * ```ts
 * const echo = defineTool({
 *   name: 'echo',
 *   description: 'Repeat the text',
 *   schema: z.object({ text: z.string() }),
 *   async execute ({ text }) { return { text } }
 * })
 * ```
 */
export function defineTool<I, O> (tool: QuarryTool<I, O>): QuarryTool<I, O> {
  if (!/^[a-z][a-z0-9_]{0,63}$/.test(tool.name)) throw new TypeError(`Tool name "${tool.name}" must be snake_case (a-z, 0-9, _)`)
  return tool
}

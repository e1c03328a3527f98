import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js'
import { QUARRY_VERSION } from '../common/index.js'
import { progressNotifier } from './progress-notifier.js'
import type { QuarryTool, ToolLink } from '../tools/index.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js'

/** The text behind a CID, as an MCP resource */
export interface CidResource {
  text: string
  mimeType: string
  /** Extra facts (path, title, docCid…) returned as the content's `_meta` */
  meta?: Record<string, unknown>
}

/** Serves `ipfs://<cid>` resources */
export interface CidResources {
  /** Read a CID (the string after `ipfs://`) */
  read(cid: string, options: AbortOptions): Promise<CidResource>
  /** Resources worth listing (e.g. corpus roots) */
  list?(options: AbortOptions): Promise<Array<{ cid: string, name: string, title?: string, description?: string }>>
}

/** Options for {@link createMcpServer} */
export interface CreateMcpServerOptions {
  tools: ReadonlyArray<QuarryTool<any, any>>
  /** Serve CIDs as resources through the `ipfs://{cid}` template */
  resources?: CidResources
  /** @default 'quarry' */
  name?: string
  /** @default Quarry's version (package.json) */
  version?: string
  /** Server instructions shown to the model by clients that support them */
  instructions?: string
}

/** JSON-RPC code MCP uses for an unknown resource */
const RESOURCE_NOT_FOUND = -32002

/**
 * Create an MCP server exposing Quarry tools and, optionally, CIDs as
 * `ipfs://{cid}` resources. Each tool declares its input schema and, when it
 * has one, its `outputSchema`. A result is the output as JSON text (first
 * block), a one-line summary (second block), a `resource_link` to
 * `ipfs://<cid>` for each {@link ToolLink} the tool gives (search hits with
 * `detail: 'brief'`), and the same output as `structuredContent`. The
 * summary block is there for `@langchain/mcp-adapters` (1.1.4): it folds a
 * lone text block and `structuredContent` into one block, which a model such
 * as ChatOpenAI then receives whole, the JSON twice. A failing tool, and
 * arguments its input schema rejects, return `isError: true` with the
 * error's name (or the schema's complaint) and message, which the model can
 * correct; the server itself keeps running. The tool and resource lists never
 * change, so the server does not advertise `listChanged`.
 */
export function createMcpServer (options: CreateMcpServerOptions): McpServer {
  const server = new McpServer(
    { name: options.name ?? 'quarry', version: options.version ?? QUARRY_VERSION },
    options.instructions != null ? { instructions: options.instructions } : {}
  )
  for (const tool of options.tools) {
    server.registerTool(tool.name, {
      ...(tool.title != null ? { title: tool.title } : {}),
      description: tool.description,
      inputSchema: tool.schema,
      ...(tool.outputSchema != null ? { outputSchema: tool.outputSchema } : {}),
      annotations: { readOnlyHint: false, idempotentHint: false, openWorldHint: true, ...tool.annotations }
    }, async (args: unknown, extra): Promise<CallToolResult> => {
      try {
        const output: unknown = await tool.execute(args, { signal: extra.signal, onProgress: progressNotifier(extra) })
        const json = JSON.stringify(output)
        if (!isRecord(output)) return { content: [{ type: 'text', text: json }] }
        const links = (tool.links?.(output) ?? []).map(resourceLink)
        return {
          content: [
            { type: 'text', text: json },
            { type: 'text', text: `${tool.name}: ${json.length} characters of JSON above (also in structuredContent)${links.length > 0 ? `; ${links.length} ipfs:// links below` : ''}` },
            ...links
          ],
          structuredContent: output
        }
      } catch (err) {
        return { content: [{ type: 'text', text: describeError(err) }], isError: true }
      }
    })
  }
  const resources = options.resources
  if (resources != null) {
    const list = resources.list
    const template = new ResourceTemplate('ipfs://{cid}', {
      list: list == null
        ? undefined
        : async (extra) => ({
          resources: (await list({ signal: extra.signal })).map(r => ({
            uri: `ipfs://${r.cid}`,
            name: r.name,
            title: r.title ?? r.name,
            ...(r.description != null ? { description: r.description } : {}),
            mimeType: 'text/plain'
          }))
        })
    })
    server.registerResource('ipfs', template, {
      title: 'Content by CID',
      description: 'The text behind a CID: a passage (chunkCid), a document (docCid) or a folder listing'
    }, async (uri, variables, extra) => {
      const cid = Array.isArray(variables.cid) ? variables.cid[0] ?? '' : variables.cid ?? ''
      try {
        const r = await resources.read(decodeURIComponent(cid), { signal: extra.signal })
        return { contents: [{ uri: uri.href, mimeType: r.mimeType, text: r.text, ...(r.meta != null ? { _meta: r.meta } : {}) }] }
      } catch (err) {
        const name = (err as Error | undefined)?.name
        const code = name === 'CidNotFoundError' ? RESOURCE_NOT_FOUND : name === 'InvalidCidError' ? ErrorCode.InvalidParams : ErrorCode.InternalError
        // the SDK prefixes "MCP error <code>: " once on the client side; an McpError here would carry it twice
        throw Object.assign(new Error(describeError(err)), { code })
      }
    })
  }
  // every tool and resource is registered up front and never changes: no list_changed notifications will come
  server.server.registerCapabilities({ tools: { listChanged: false }, ...(resources != null ? { resources: { listChanged: false } } : {}) })
  return server
}

/** A {@link ToolLink} as an MCP `resource_link` to its `ipfs://` resource */
function resourceLink (link: ToolLink): ResourceLink {
  return {
    type: 'resource_link',
    uri: `ipfs://${link.cid}`,
    name: link.name,
    ...(link.title != null && link.title !== '' ? { title: link.title } : {}),
    ...(link.description != null ? { description: link.description } : {})
  }
}

/** `Name: message` for a thrown value, so the model sees what kind of failure it was */
export function describeError (err: unknown): string {
  if (err instanceof Error) return err.name !== '' && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message
  return String(err)
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value != null && !Array.isArray(value)
}

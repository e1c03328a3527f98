/**
 * The MCP server: Quarry's tools and `ipfs://<cid>` resources served to MCP
 * clients over stdio, or over Streamable HTTP on 127.0.0.1 with a bearer
 * token.
 *
 * @packageDocumentation
 */

export { runQuarryMcp } from './run-quarry-mcp.js'
export type { RunQuarryMcpOptions } from './run-quarry-mcp.js'
export { createMcpServer, describeError } from './create-mcp-server.js'
export type { CreateMcpServerOptions, CidResource, CidResources } from './create-mcp-server.js'
export { createQuarryTools, quarryResources, QUARRY_INSTRUCTIONS } from './quarry-tools.js'
export type { QuarryToolsOptions } from './quarry-tools.js'
export { serveHttp } from './serve-http.js'
export type { ServeHttpOptions, HttpMcpServer } from './serve-http.js'
export { serveStdio } from './serve-stdio.js'
export type { ServeStdioOptions } from './serve-stdio.js'
export { MissingTokenError } from './errors.js'

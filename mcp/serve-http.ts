import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { MissingTokenError } from './errors.js'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'

/** Options for {@link serveHttp} */
export interface ServeHttpOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one */
  port: number
  /** Bearer token every request must carry (`Authorization: Bearer <token>`) */
  token: string
  /** Largest request body accepted. @default 4 MiB */
  maxBodyBytes?: number
}

/** A running Streamable HTTP MCP endpoint */
export interface HttpMcpServer {
  /** The endpoint, `http://127.0.0.1:<port>/mcp` */
  url: URL
  close(): Promise<void>
}

/**
 * Serve MCP over Streamable HTTP at `http://127.0.0.1:<port>/mcp`, loopback
 * only, stateless (a fresh server from `createMcpServer` per request, sharing
 * whatever the factory closes over). Requests need the bearer token; a wrong
 * `Host` header (DNS rebinding) is refused.
 *
 * @throws {MissingTokenError} when `token` is empty
 */
export async function serveHttp (createMcpServer: () => McpServer, options: ServeHttpOptions): Promise<HttpMcpServer> {
  if (options.token.trim() === '') throw new MissingTokenError('Streamable HTTP needs a bearer token (`token`)')
  const expected = digest(`Bearer ${options.token}`)
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024
  let port = options.port

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    if (path !== '/mcp') return reply(res, 404, 'Not found: the MCP endpoint is /mcp')
    if (!allowedHost(req.headers.host, port)) return reply(res, 403, 'Forbidden: Host must be 127.0.0.1 or localhost')
    if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="quarry"')
      return reply(res, 401, 'Unauthorized: send Authorization: Bearer <token> (the token given to `quarry mcp --token` or QUARRY_MCP_TOKEN)')
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      return reply(res, 405, 'Method not allowed: this stateless endpoint takes POST only')
    }
    const text = await readBody(req, maxBody)
    if (text == null) return reply(res, 413, `Request body over ${maxBody} bytes`)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return reply(res, 400, 'Parse error: the body is not JSON', -32700)
    }
    const server = createMcpServer()
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
    res.on('close', () => {
      void transport.close()
      void server.close()
    })
    await server.connect(transport)
    await transport.handleRequest(req, res, body)
  }

  const http = createServer((req, res) => {
    handle(req, res).catch(err => {
      if (!res.headersSent) reply(res, 500, `Internal error: ${(err as Error).message}`, -32603)
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port, '127.0.0.1', () => {
      http.off('error', reject)
      resolve()
    })
  })
  const address = http.address()
  port = typeof address === 'object' && address != null ? address.port : options.port
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    async close () {
      await new Promise<void>(resolve => {
        http.close(() => resolve())
        http.closeAllConnections()
      })
    }
  }
}

function digest (s: string): Buffer {
  return createHash('sha256').update(s).digest()
}

function allowedHost (host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

async function readBody (req: IncomingMessage, max: number): Promise<string | undefined> {
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength
    if (size > max) return undefined
    parts.push(chunk as Buffer)
  }
  return Buffer.concat(parts).toString('utf8')
}

function reply (res: ServerResponse, status: number, message: string, code = -32000): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }))
}

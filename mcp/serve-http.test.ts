import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { request } from 'node:http'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { z } from 'zod'
import { defineTool } from '../tools/index.js'
import { createMcpServer } from './create-mcp-server.js'
import { serveHttp, type HttpMcpServer } from './serve-http.js'

const TOKEN = 'test-token-0123456789abcdef'

const echo = defineTool({
  name: 'echo',
  description: 'Echo text',
  schema: z.object({ text: z.string() }),
  async execute ({ text }) { return { text } }
})

/** A raw HTTP request with full control over headers (fetch cannot set Host) */
async function raw (url: URL, options: { method?: string, headers?: Record<string, string>, body?: string }): Promise<{ status: number, body: string, headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...options.headers } }, res => {
      let body = ''
      res.on('data', d => { body += String(d) })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(options.body ?? '')
  })
}

const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } })

describe('serveHttp', () => {
  let server: HttpMcpServer

  beforeAll(async () => {
    server = await serveHttp(() => createMcpServer({ tools: [echo] }), { port: 0, token: TOKEN })
  })
  afterAll(async () => server?.close())

  it('listens on loopback only, at /mcp', () => {
    expect(server.url.hostname).toBe('127.0.0.1')
    expect(server.url.pathname).toBe('/mcp')
    expect(Number(server.url.port)).toBeGreaterThan(0)
  })

  it('serves an SDK client that sends the bearer token', async () => {
    const client = new Client({ name: 'test', version: '1' })
    await client.connect(new StreamableHTTPClientTransport(server.url, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }))
    try {
      expect((await client.listTools()).tools.map(t => t.name)).toEqual(['echo'])
      expect((await client.callTool({ name: 'echo', arguments: { text: 'hi' } })).structuredContent).toEqual({ text: 'hi' })
      const bad = await client.callTool({ name: 'echo', arguments: {} })
      expect(bad.isError).toBe(true)
    } finally {
      await client.close()
    }
  })

  it('refuses requests without the right token (401, WWW-Authenticate)', async () => {
    const none = await raw(server.url, { body: INIT })
    expect(none.status).toBe(401)
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/)
    expect(JSON.parse(none.body).error.message).toMatch(/Unauthorized/)
    const wrong = await raw(server.url, { body: INIT, headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
    const client = new Client({ name: 'test', version: '1' })
    await expect(client.connect(new StreamableHTTPClientTransport(server.url))).rejects.toThrow()
  })

  it('refuses a foreign Host header (DNS rebinding), other paths and GET', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` }
    expect((await raw(server.url, { body: INIT, headers: { ...auth, host: 'evil.example:80' } })).status).toBe(403)
    expect((await raw(new URL('/other', server.url), { body: INIT, headers: auth })).status).toBe(404)
    expect((await raw(server.url, { method: 'GET', headers: auth })).status).toBe(405)
    expect((await raw(server.url, { body: '{not json', headers: auth })).status).toBe(400)
    const ok = await raw(server.url, { body: INIT, headers: auth })
    expect(ok.status).toBe(200)
    expect(ok.body).toContain('"serverInfo"')
  })

  it('refuses to start without a token', async () => {
    await expect(serveHttp(() => createMcpServer({ tools: [echo] }), { port: 0, token: ' ' })).rejects.toMatchObject({ name: 'MissingTokenError' })
  })
})

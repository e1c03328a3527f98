import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpenAICompatibleClient } from './openai-compatible-client.js'

interface Seen { method: string, url: string, headers: Record<string, string | string[] | undefined>, body: string }

describe('createOpenAICompatibleClient fetch', () => {
  let server: Server
  let baseURL: string
  const seen: Seen[] = []
  let failFirst = 0

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => { body += c.toString() })
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
        if (failFirst > 0) {
          failFirst--
          res.writeHead(503).end('busy')
          return
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
      })
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    baseURL = `http://127.0.0.1:${typeof address === 'object' && address != null ? address.port : 0}/v1`
  })
  afterAll(async () => { await new Promise(resolve => server.close(resolve)) })

  it('keeps a Request\'s method, headers and body, adds auth, and sends the body again on a retry', async () => {
    seen.length = 0
    failFirst = 1
    const client = createOpenAICompatibleClient({ baseURL, apiKey: 'k1', retryDelayMs: 1 })
    const request = new Request(client.url('chat/completions'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-trace': 'abc' }, body: '{"model":"m"}' })
    const res = await client.fetch(request)
    expect(await res.json()).toEqual({ ok: true })
    expect(seen).toHaveLength(2)
    for (const s of seen) {
      expect(s).toMatchObject({ method: 'POST', url: '/v1/chat/completions', body: '{"model":"m"}' })
      expect(s.headers).toMatchObject({ 'x-trace': 'abc', 'content-type': 'application/json', authorization: 'Bearer k1' })
    }
  })

  it('lets init override a Request as fetch does', async () => {
    seen.length = 0
    const client = createOpenAICompatibleClient({ baseURL })
    const request = new Request(client.url('models'), { method: 'POST', body: 'first' })
    await client.fetch(request, { method: 'PUT', body: 'second', headers: { 'x-from': 'init' } })
    expect(seen[0]).toMatchObject({ method: 'PUT', body: 'second', headers: { 'x-from': 'init' } })
  })

  it('takes a URL string with an init as before', async () => {
    seen.length = 0
    const client = createOpenAICompatibleClient({ baseURL, headers: { 'x-default': 'd' } })
    await client.fetch(client.url('embeddings'), { method: 'POST', body: '{}' })
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/embeddings', body: '{}', headers: { 'x-default': 'd' } })
  })
})

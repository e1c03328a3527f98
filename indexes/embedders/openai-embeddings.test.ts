import { createServer } from 'node:http'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { createOpenAIEmbeddings } from './openai-embeddings.js'
import type { EmbedderRequestError } from './errors.js'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const DIMS = 64

/** Deterministic, unnormalised hashed bag-of-words vector (scaled by 3 so normalisation is observable) */
function bagOfWords (text: string): number[] {
  const v = new Array<number>(DIMS).fill(0)
  for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
    let h = 2166136261
    for (const ch of word) {
      h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0
    }
    v[h % DIMS] = (v[h % DIMS] ?? 0) + 3
  }
  return v
}

interface Seen { auth?: string, custom?: string, model: string, input: string[] }

describe('createOpenAIEmbeddings against a loopback server', () => {
  let server: Server
  let baseURL: string
  const seen: Seen[] = []
  let flakyCount = 0

  function send (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }

  async function handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = ''
    for await (const chunk of req) raw += String(chunk)
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
      send(res, 404, { error: 'not found' }); return
    }
    const body = JSON.parse(raw) as { model: string, input: string[] }
    seen.push({ auth: req.headers.authorization, custom: req.headers['x-custom'] as string | undefined, model: body.model, input: body.input })
    if (body.model === 'secured' && req.headers.authorization !== 'Bearer sekrit') {
      send(res, 401, { error: 'invalid api key', error_type: 'Unauthorized' }); return
    }
    if (body.model === 'missing') {
      send(res, 404, { error: { message: 'model "missing" not found, try pulling it first', type: 'api_error' } }); return
    }
    if (body.model === 'limited') {
      send(res, 429, { error: { message: 'rate limit exceeded' } }, { 'retry-after': '0' }); return
    }
    if (body.model === 'flaky' && flakyCount++ < 2) {
      send(res, 503, { message: 'model is loading' }); return
    }
    if (body.model === 'slow') {
      const timer = setTimeout(() => { send(res, 200, { data: [] }) }, 10_000)
      res.on('close', () => { clearTimeout(timer) })
      return
    }
    // answer in reverse order so the client must sort by index
    const data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: bagOfWords(text) })).reverse()
    send(res, 200, { object: 'list', data, model: body.model })
  }

  beforeAll(async () => {
    server = createServer((req, res) => { handle(req, res).catch(() => res.destroy()) })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  })

  it('batches, keeps input order, normalises and sends auth + custom headers', async () => {
    const embedder = createOpenAIEmbeddings({ baseURL: `${baseURL}/`, model: 'bow', apiKey: 'k1', batchSize: 3, headers: { 'x-custom': 'yes' } })
    expect(embedder.id).toBe('openai:bow')
    const texts = ['storage deal', 'retrieval market', 'pasta recipe', 'storage provider', 'filecoin deal', 'cooking pasta', 'ipfs']
    const before = seen.length
    const vectors = await embedder.embedDocuments(texts)
    const requests = seen.slice(before)
    expect(requests.map(r => r.input.length)).toEqual([3, 3, 1])
    expect(requests.every(r => r.auth === 'Bearer k1' && r.custom === 'yes')).toBe(true)
    expect(embedder.dimensions).toBe(DIMS)
    texts.forEach((text, i) => {
      const expected = bagOfWords(text)
      const norm = Math.hypot(...expected)
      const got = vectors[i] ?? []
      expect(got).toHaveLength(DIMS)
      expected.forEach((x, j) => { expect(got[j]).toBeCloseTo(x / norm, 12) })
    })
  })

  it('learns dimensions through init() and throws when read before', async () => {
    const embedder = createOpenAIEmbeddings({ baseURL, model: 'bow' })
    expect(() => embedder.dimensions).toThrow(expect.objectContaining({ name: 'EmbedderLoadError' }))
    await embedder.init()
    expect(embedder.dimensions).toBe(DIMS)
    const fixed = createOpenAIEmbeddings({ baseURL, model: 'bow', dimensions: 32 })
    expect(fixed.dimensions).toBe(32)
    await expect(fixed.embedQuery('x')).rejects.toMatchObject({ name: 'EmbedderRequestError', message: expect.stringMatching(/64-d vector, expected 32/) })
  })

  it('maps HTTP errors to EmbedderRequestError with the status and the server message', async () => {
    const unauth = createOpenAIEmbeddings({ baseURL, model: 'secured', apiKey: 'wrong', retryDelayMs: 1 })
    await expect(unauth.embedQuery('x')).rejects.toMatchObject({ name: 'EmbedderRequestError', code: 'ERR_EMBEDDER_REQUEST', status: 401, message: expect.stringMatching(/invalid api key/) })
    const ok = createOpenAIEmbeddings({ baseURL, model: 'secured', apiKey: 'sekrit' })
    expect(await ok.embedQuery('storage')).toHaveLength(DIMS)
    const missing = createOpenAIEmbeddings({ baseURL, model: 'missing', retryDelayMs: 1 })
    const err = await missing.embedQuery('x').catch((e: EmbedderRequestError) => e)
    expect(err).toMatchObject({ status: 404, message: expect.stringMatching(/model "missing" not found/) })
  })

  it('retries 5xx and 429 with backoff, then gives up', async () => {
    const flaky = createOpenAIEmbeddings({ baseURL, model: 'flaky', retryDelayMs: 5 })
    expect(await flaky.embedQuery('storage')).toHaveLength(DIMS)
    expect(flakyCount).toBe(3)
    const before = seen.length
    const limited = createOpenAIEmbeddings({ baseURL, model: 'limited', maxRetries: 2, retryDelayMs: 5 })
    await expect(limited.embedQuery('x')).rejects.toMatchObject({ status: 429, message: expect.stringMatching(/rate limit exceeded/) })
    expect(seen.length - before).toBe(3)
  })

  it('passes the abort signal to fetch and times out', async () => {
    const slow = createOpenAIEmbeddings({ baseURL, model: 'slow' })
    const controller = new AbortController()
    setTimeout(() => { controller.abort() }, 50)
    await expect(slow.embedDocuments(['x'], { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' })
    const timed = createOpenAIEmbeddings({ baseURL, model: 'slow', timeoutMs: 100, maxRetries: 0 })
    await expect(timed.embedQuery('x')).rejects.toMatchObject({ name: 'EmbedderRequestError', message: expect.stringMatching(/timed out after 100 ms/) })
  })

  it('reports an unreachable server as EmbedderRequestError', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise(resolve => closed.close(resolve))
    const embedder = createOpenAIEmbeddings({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'bow', maxRetries: 1, retryDelayMs: 1 })
    await expect(embedder.embedQuery('x')).rejects.toMatchObject({ name: 'EmbedderRequestError', status: undefined })
  })
})

import { createServer } from 'node:http'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { NOT_RETRIEVED, QUOTE_NOT_FOUND } from '../citations/check-citations.js'
import { llmAnswer } from '../answerers/llm-answer.js'
import { HAS_FILECOIN_DOCS, createChunkSearch, loadFilecoinChunks } from '../test-fixtures/filecoin-results.js'
import { createOpenAICompatibleChat } from './openai-compatible.js'
import type { SearchResult } from '../../indexes/index.js'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Seen {
  url: string
  headers: IncomingMessage['headers']
  body: { model: string, messages: Array<{ role: string, content: string }>, stream: boolean, temperature?: number, max_tokens?: number }
}

/** A scripted OpenAI-compatible server on 127.0.0.1: the model name picks the behaviour */
let server: Server
let baseURL = ''
const seen: Seen[] = []
let nextReply = ''

function completion (content: string): string {
  return JSON.stringify({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] })
}

function handle (req: IncomingMessage, res: ServerResponse, raw: string): void {
  const body = JSON.parse(raw) as Seen['body']
  seen.push({ url: req.url ?? '', headers: req.headers, body })
  switch (body.model) {
    case 'broken':
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'model crashed', type: 'server_error' } }))
      return
    case 'garbled':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [ {"message": ')
      return
    case 'slow':
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(completion('late')), 2000)
      return
  }
  if (body.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write(': keep-alive\n\n')
    for (const piece of nextReply.match(/.{1,5}/gs) ?? []) {
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece } }] })}\r\n\r\n`)
    }
    res.end('data: [DONE]\n\n')
    return
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(completion(nextReply))
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => { raw += c })
    req.on('end', () => handle(req, res, raw))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

describe('createOpenAICompatibleChat', () => {
  it('posts a chat completion request and returns the message', async () => {
    nextReply = 'Hello there.'
    const llm = createOpenAICompatibleChat({ baseURL, model: 'tiny', apiKey: 'sk-test', headers: { 'x-extra': '1' } })
    expect(llm.id).toBe('openai-compatible:tiny')
    expect(await llm.chat([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], { temperature: 0, maxTokens: 32 })).toBe('Hello there.')
    const last = seen.at(-1)
    expect(last?.url).toBe('/v1/chat/completions')
    expect(last?.headers.authorization).toBe('Bearer sk-test')
    expect(last?.headers['x-extra']).toBe('1')
    expect(last?.body).toEqual({ model: 'tiny', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], stream: false, temperature: 0, max_tokens: 32 })
  })

  it('streams tokens over SSE when onToken is given', async () => {
    nextReply = 'Streamed reply, piece by piece — with ünïcödé.'
    const tokens: string[] = []
    const reply = await createOpenAICompatibleChat({ baseURL, model: 'tiny' }).chat([{ role: 'user', content: 'Hi' }], { onToken: t => tokens.push(t) })
    expect(reply).toBe(nextReply)
    expect(tokens.length).toBeGreaterThan(5)
    expect(tokens.join('')).toBe(nextReply)
    expect(seen.at(-1)?.body.stream).toBe(true)
  })

  it('throws LlmRequestError with the status and server message on HTTP 500', async () => {
    const err = await createOpenAICompatibleChat({ baseURL, model: 'broken' }).chat([{ role: 'user', content: 'Hi' }]).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'LlmRequestError', code: 'ERR_LLM_REQUEST', status: 500, serverMessage: 'model crashed' })
    expect((err as Error).message).toMatch(/HTTP 500: model crashed/)
  })

  it('throws InvalidAnswerError on malformed JSON', async () => {
    const err = await createOpenAICompatibleChat({ baseURL, model: 'garbled' }).chat([{ role: 'user', content: 'Hi' }]).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'InvalidAnswerError', code: 'ERR_INVALID_ANSWER' })
  })

  it('times out with LlmRequestError and lets the caller abort', async () => {
    const err = await createOpenAICompatibleChat({ baseURL, model: 'slow', timeoutMs: 200 }).chat([{ role: 'user', content: 'Hi' }]).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'LlmRequestError' })
    expect((err as Error).message).toMatch(/within 200 ms/)
    const controller = new AbortController()
    const pending = createOpenAICompatibleChat({ baseURL, model: 'slow' }).chat([{ role: 'user', content: 'Hi' }], { signal: controller.signal })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('reports an unreachable server as LlmRequestError', async () => {
    const err = await createOpenAICompatibleChat({ baseURL: 'http://127.0.0.1:1/v1', model: 'x' }).chat([{ role: 'user', content: 'Hi' }]).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'LlmRequestError' })
  })
})

describe.skipIf(!HAS_FILECOIN_DOCS)('llmAnswer through an OpenAI-compatible server', () => {
  const question = 'What is Filecoin Plus?'
  let results: SearchResult[] = []

  beforeAll(async () => {
    results = createChunkSearch(await loadFilecoinChunks())(question, 5)
    expect(results).toHaveLength(5)
  })

  it('keeps cited sentences, rejects a made-up citation [7] and a misquote', async () => {
    const n = results.findIndex(r => r.chunk.text.includes('The goal of the Filecoin Plus program')) + 1
    expect(n).toBeGreaterThan(0)
    nextReply = [
      `The goal of the Filecoin Plus program is to increase the amount of useful data stored with storage providers by clients [${n}].`,
      'Filecoin Plus was created by the Federal Reserve in 1913 [7].',
      `According to the docs, "Filecoin Plus gives every client unlimited free storage" [${n}].`
    ].join(' ')
    const tokens: string[] = []
    const draft = await llmAnswer(question, results, createOpenAICompatibleChat({ baseURL, model: 'tiny' }), { onToken: t => tokens.push(t) })
    expect(tokens.join('')).toBe(nextReply)
    expect(draft.llm).toBe('openai-compatible:tiny')
    expect(draft.sentences).toHaveLength(1)
    expect(draft.citations).toHaveLength(1)
    expect(draft.citations[0]?.quote).toMatch(/^The goal of the Filecoin Plus program/)
    expect(draft.answer).toMatch(/storage providers by clients\. \[1\]$/)
    expect(draft.rejected).toEqual([
      { text: 'Filecoin Plus was created by the Federal Reserve in 1913.', reason: NOT_RETRIEVED },
      { text: 'According to the docs, "Filecoin Plus gives every client unlimited free storage".', reason: QUOTE_NOT_FOUND }
    ])
    const sent = seen.at(-1)?.body.messages ?? []
    expect(sent.map(m => m.role)).toEqual(['system', 'user'])
  })

  it('abstains when the server says NOT_FOUND', async () => {
    nextReply = 'NOT_FOUND'
    const draft = await llmAnswer(question, results, createOpenAICompatibleChat({ baseURL, model: 'tiny' }))
    expect(draft).toMatchObject({ abstained: true, answer: 'Not found in this corpus.' })
  })
})

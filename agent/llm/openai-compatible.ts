import { createOpenAICompatibleClient, serverMessage as errorMessage, type RequestFailure } from '../../common/index.js'
import { InvalidAnswerError, LlmRequestError } from '../errors.js'
import type { ChatMessage, ChatModel, ChatOptions } from './chat-model.js'

/** Options for {@link createOpenAICompatibleChat} */
export interface OpenAICompatibleChatOptions {
  /** API root that `/chat/completions` is appended to, e.g. `http://127.0.0.1:11434/v1` (Ollama), `http://127.0.0.1:8080/v1` (llama.cpp server) */
  baseURL: string
  /** Model name sent in the request */
  model: string
  /** Sent as `Authorization: Bearer <apiKey>` when set */
  apiKey?: string
  /** The fetch to use (tests, proxies) @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
  /** Extra request headers */
  headers?: Record<string, string>
  /**
   * Time allowed for the whole request, reply included, in milliseconds
   *
   * @default 120000
   */
  timeoutMs?: number
  /**
   * Stream the reply as server-sent events
   *
   * @default true when `onToken` is given to `chat`, false otherwise
   */
  stream?: boolean
}

/**
 * A {@link ChatModel} backed by any server that speaks the OpenAI chat
 * completions API (OpenAI, Ollama, vLLM, llama.cpp's `llama-server`, LM
 * Studio…): `POST {baseURL}/chat/completions`. With `onToken` the reply is
 * streamed (SSE `data:` lines up to `[DONE]`) and each piece passed on.
 *
 * Errors: an error status, a network failure or a timeout throws
 * `LlmRequestError` (with `status` and the server's message); a body that is
 * not valid JSON or not a chat completion throws `InvalidAnswerError`; an
 * abort through `signal` rejects with the signal's reason.
 *
 * @example
 * ```ts
 * const llm = createOpenAICompatibleChat({ baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.2' })
 * const reply = await llm.chat([{ role: 'user', content: 'Hello' }])
 * ```
 */
export function createOpenAICompatibleChat (options: OpenAICompatibleChatOptions): ChatModel {
  const timeoutMs = options.timeoutMs ?? 120_000
  const client = createOpenAICompatibleClient({
    baseURL: options.baseURL,
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    ...(options.headers !== undefined ? { headers: options.headers } : {}),
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    timeoutMs,
    retryTimeouts: false,
    error: chatRequestError
  })
  const url = client.url('chat/completions')
  return {
    id: `openai-compatible:${options.model}`,
    async chat (messages: ChatMessage[], chatOptions: ChatOptions = {}): Promise<string> {
      chatOptions.signal?.throwIfAborted()
      const stream = options.stream ?? chatOptions.onToken !== undefined
      const body: Record<string, unknown> = { model: options.model, messages: messages.map(m => ({ role: m.role, content: m.content })), stream }
      if (chatOptions.temperature !== undefined) body.temperature = chatOptions.temperature
      if (chatOptions.maxTokens !== undefined) body.max_tokens = chatOptions.maxTokens
      const res = await client.post('chat/completions', body, { accept: stream ? 'text/event-stream' : 'application/json', ...(chatOptions.signal !== undefined ? { signal: chatOptions.signal } : {}) })
      try {
        if (stream && res.body !== null && (res.headers.get('content-type') ?? '').includes('text/event-stream')) {
          return await readEvents(res.body, url, chatOptions.onToken)
        }
        const content = completionContent(await res.text(), url)
        if (content !== '') chatOptions.onToken?.(content)
        return content
      } catch (err) {
        if (err instanceof LlmRequestError || err instanceof InvalidAnswerError) throw err
        if (chatOptions.signal?.aborted === true) throw chatOptions.signal.reason instanceof Error ? chatOptions.signal.reason : new Error(String(chatOptions.signal.reason))
        throw chatRequestError({ kind: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network', url, timeoutMs, cause: err })
      }
    }
  }
}

/** A chat request's failure as an {@link LlmRequestError} with the HTTP status and the server's message */
function chatRequestError (f: RequestFailure): LlmRequestError {
  if (f.kind === 'timeout') return new LlmRequestError(`No reply from ${f.url} within ${f.timeoutMs} ms`, { cause: f.cause })
  if (f.kind === 'status') return new LlmRequestError(`${f.url} answered HTTP ${f.status}${f.serverMessage === undefined ? '' : `: ${f.serverMessage}`}`, f.serverMessage === undefined ? { status: f.status } : { status: f.status, serverMessage: f.serverMessage })
  return new LlmRequestError(`Request to ${f.url} failed: ${(f.cause as Error)?.message ?? String(f.cause)}`, { cause: f.cause })
}

/** Read an SSE body, passing each `delta.content` to `onToken`; resolves with the whole reply */
async function readEvents (body: ReadableStream<Uint8Array>, url: string, onToken?: (token: string) => void): Promise<string> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  let out = ''
  const handle = (line: string): boolean => {
    if (!line.startsWith('data:')) return false
    const data = line.slice(5).trim()
    if (data === '[DONE]') return true
    if (data === '') return false
    let event: CompletionJson
    try {
      event = JSON.parse(data)
    } catch (err) {
      throw new InvalidAnswerError(`Malformed JSON in a streamed event from ${url}: ${data.slice(0, 200)}`, { cause: err })
    }
    if (event.error !== undefined) {
      const serverMessage = errorMessage(JSON.stringify(event)) ?? 'unknown error'
      throw new LlmRequestError(`${url} reported an error while streaming: ${serverMessage}`, { serverMessage })
    }
    const choice = event.choices?.[0]
    const piece = choice?.delta?.content ?? choice?.text
    if (typeof piece === 'string' && piece !== '') {
      out += piece
      onToken?.(piece)
    }
    return false
  }
  try {
    for (;;) {
      const { done, value } = await reader.read()
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true })
      let nl: number
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl).replace(/\r$/, '')
        buffer = buffer.slice(nl + 1)
        if (handle(line)) return out
      }
      if (done) {
        handle(buffer.trim())
        return out
      }
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}

interface CompletionJson {
  choices?: Array<{ message?: { content?: unknown }, delta?: { content?: unknown }, text?: unknown }>
  error?: unknown
}

/** The reply text of a non-streamed chat completion body */
function completionContent (text: string, url: string): string {
  let json: CompletionJson
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new InvalidAnswerError(`Malformed JSON from ${url}: ${text.slice(0, 200)}`, { cause: err })
  }
  const choice = json?.choices?.[0]
  const content = choice?.message?.content ?? choice?.text
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    return content.map(part => typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : '').join('')
  }
  throw new InvalidAnswerError(`The reply from ${url} is not a chat completion (no choices[0].message.content)`)
}

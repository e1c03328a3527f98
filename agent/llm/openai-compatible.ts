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
  const url = `${options.baseURL.replace(/\/+$/, '')}/chat/completions`
  const timeoutMs = options.timeoutMs ?? 120_000
  return {
    id: `openai-compatible:${options.model}`,
    async chat (messages: ChatMessage[], chatOptions: ChatOptions = {}): Promise<string> {
      chatOptions.signal?.throwIfAborted()
      const fetchFn = options.fetch ?? globalThis.fetch
      const stream = options.stream ?? chatOptions.onToken !== undefined
      const body: Record<string, unknown> = { model: options.model, messages: messages.map(m => ({ role: m.role, content: m.content })), stream }
      if (chatOptions.temperature !== undefined) body.temperature = chatOptions.temperature
      if (chatOptions.maxTokens !== undefined) body.max_tokens = chatOptions.maxTokens
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' }
      if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`
      Object.assign(headers, options.headers)
      const timeout = AbortSignal.timeout(timeoutMs)
      const signal = chatOptions.signal === undefined ? timeout : AbortSignal.any([chatOptions.signal, timeout])

      const fail = (err: unknown): Error => {
        if (err instanceof LlmRequestError || err instanceof InvalidAnswerError) return err
        if (chatOptions.signal?.aborted === true) return chatOptions.signal.reason instanceof Error ? chatOptions.signal.reason : new Error(String(chatOptions.signal.reason))
        if (timeout.aborted) return new LlmRequestError(`No reply from ${url} within ${timeoutMs} ms`, { cause: err })
        return new LlmRequestError(`Request to ${url} failed: ${(err as Error).message}`, { cause: err })
      }

      try {
        const res = await fetchFn(url, { method: 'POST', headers, body: JSON.stringify(body), signal })
        if (!res.ok) {
          const serverMessage = errorMessage(await res.text().catch(() => ''))
          throw new LlmRequestError(`${url} answered HTTP ${res.status}${serverMessage === undefined ? '' : `: ${serverMessage}`}`, serverMessage === undefined ? { status: res.status } : { status: res.status, serverMessage })
        }
        if (stream && res.body !== null && (res.headers.get('content-type') ?? '').includes('text/event-stream')) {
          return await readEvents(res.body, url, chatOptions.onToken)
        }
        const content = completionContent(await res.text(), url)
        if (content !== '') chatOptions.onToken?.(content)
        return content
      } catch (err) {
        throw fail(err)
      }
    }
  }
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

/** The server's error message from an error body (`{ error: { message } }`, `{ error }`, `{ message }`, `{ detail }` or text) */
function errorMessage (text: string): string | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  try {
    const json = JSON.parse(trimmed)
    const candidate = json?.error?.message ?? json?.error ?? json?.message ?? json?.detail
    if (typeof candidate === 'string') return candidate
    if (candidate !== undefined) return JSON.stringify(candidate).slice(0, 500)
  } catch {}
  return trimmed.slice(0, 500)
}

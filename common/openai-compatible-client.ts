import type { AbortOptions } from '@libp2p/interface'

/** Why a request failed, for the caller to turn into its own error */
export interface RequestFailure {
  kind: 'status' | 'timeout' | 'network' | 'body'
  /** Full URL of the request */
  url: string
  /** HTTP status (for `status`, and for `body` when the server answered) */
  status?: number
  /** The server's own error message, when it sent one (for `body`: the start of the body) */
  serverMessage?: string
  /** The HTTP status text (for `status`) */
  statusText?: string
  /** Per-attempt timeout in milliseconds */
  timeoutMs: number
  cause?: unknown
}

/** Options for {@link createOpenAICompatibleClient} */
export interface OpenAICompatibleClientOptions {
  /** API root, e.g. `http://127.0.0.1:11434/v1` */
  baseURL: string
  /** Sent as `Authorization: Bearer <apiKey>` when set */
  apiKey?: string
  /** Extra request headers */
  headers?: Record<string, string>
  /** The fetch to use (tests, proxies). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
  /** Time allowed for one attempt, response body included, in milliseconds. @default 60000 */
  timeoutMs?: number
  /** How many times to retry 408/409/425/429/5xx answers and network errors. @default 2 */
  maxRetries?: number
  /** First retry delay in milliseconds, doubled on each retry (a `Retry-After` header wins, capped at 30 s). @default 500 */
  retryDelayMs?: number
  /** Retry an attempt that timed out (off for long generations). @default true */
  retryTimeouts?: boolean
  /** Turn a failure into the error the caller throws. @default a plain `Error` */
  error?(failure: RequestFailure): Error
}

/** One HTTP client for OpenAI-compatible servers (embeddings and chat): auth, timeouts, retries, error bodies */
export interface OpenAICompatibleClient {
  /** The API root, without a trailing slash */
  readonly baseURL: string
  /** `baseURL` + `/path` */
  url(path: string): string
  /**
   * POST a JSON body to `path`. Resolves with the response once it is OK (its
   * body still unread, and still under the attempt's timeout); throws the
   * caller's error for an error status, a timeout or a network failure, after
   * retrying transient ones. An abort through `signal` rejects with its reason.
   */
  post(path: string, body: unknown, options?: AbortOptions & { accept?: string }): Promise<Response>
  /** {@link post}, then parse the JSON answer (a body that is not JSON is a `body` failure) */
  postJson(path: string, body: unknown, options?: AbortOptions): Promise<unknown>
  /**
   * A `fetch` with the same auth, timeout and retries, for SDKs that take one
   * (e.g. LangChain's `ChatOpenAI` `configuration.fetch`). It resolves with
   * the last response, error statuses included, as `fetch` does.
   */
  fetch: typeof globalThis.fetch
}

const RETRYABLE = new Set([408, 409, 425, 429, 500, 502, 503, 504])
const MAX_DELAY_MS = 30_000

/** Create an {@link OpenAICompatibleClient} */
export function createOpenAICompatibleClient (options: OpenAICompatibleClientOptions): OpenAICompatibleClient {
  const baseURL = options.baseURL.replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? 60_000
  const maxRetries = options.maxRetries ?? 2
  const retryDelayMs = options.retryDelayMs ?? 500
  const fail = options.error ?? ((f: RequestFailure) => Object.assign(new Error(describeFailure(f), { cause: f.cause }), { status: f.status }))
  const auth: Record<string, string> = options.apiKey != null ? { authorization: `Bearer ${options.apiKey}` } : {}

  /** Attempts until a response not worth retrying; error statuses become the caller's error when `toError` */
  const attempt = async (url: string, init: RequestInit, callerSignal: AbortSignal | undefined, toError: boolean): Promise<Response> => {
    const fetchFn = options.fetch ?? globalThis.fetch
    for (let n = 0; ; n++) {
      callerSignal?.throwIfAborted()
      const timeout = AbortSignal.timeout(timeoutMs)
      const signal = callerSignal == null ? timeout : AbortSignal.any([callerSignal, timeout])
      let res: Response
      try {
        res = await fetchFn(url, { ...init, signal })
      } catch (err) {
        if (callerSignal?.aborted === true) throw callerSignal.reason
        const failure: RequestFailure = { kind: timeout.aborted ? 'timeout' : 'network', url, timeoutMs, cause: err }
        if (n >= maxRetries || (failure.kind === 'timeout' && options.retryTimeouts === false)) throw fail(failure)
        await sleep(Math.min(retryDelayMs * 2 ** n, MAX_DELAY_MS), callerSignal)
        continue
      }
      if (res.ok || !RETRYABLE.has(res.status) || n >= maxRetries) {
        if (res.ok || !toError) return res
        const message = serverMessage(await res.text().catch(() => ''))
        throw fail({ kind: 'status', url, status: res.status, statusText: res.statusText, ...(message != null ? { serverMessage: message } : {}), timeoutMs })
      }
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'))
      await res.body?.cancel().catch(() => {})
      await sleep(Math.min(retryAfterMs ?? retryDelayMs * 2 ** n, MAX_DELAY_MS), callerSignal)
    }
  }

  const client: OpenAICompatibleClient = {
    baseURL,
    url: (path) => `${baseURL}/${path.replace(/^\/+/, '')}`,
    async post (path, body, opts = {}) {
      const url = client.url(path)
      const headers = { 'content-type': 'application/json', accept: opts.accept ?? 'application/json', ...auth, ...options.headers }
      return attempt(url, { method: 'POST', headers, body: JSON.stringify(body) }, opts.signal, true)
    },
    async postJson (path, body, opts = {}) {
      const res = await client.post(path, body, opts)
      const text = await res.text()
      try {
        return JSON.parse(text)
      } catch (err) {
        throw fail({ kind: 'body', url: client.url(path), status: res.status, serverMessage: text.slice(0, 200), timeoutMs, cause: err })
      }
    },
    fetch: async (input, init = {}) => {
      const { url, request } = await requestInit(input, init)
      const headers = new Headers(request.headers)
      for (const [k, v] of Object.entries({ ...auth, ...options.headers })) if (!headers.has(k)) headers.set(k, v)
      return attempt(url, { ...request, headers }, request.signal ?? undefined, false)
    }
  }
  return client
}

/**
 * What a `fetch(input, init)` call asks for, as a URL and a plain init: a
 * `Request`'s method, headers, body and signal are kept (`init` wins where it
 * names one, as in `fetch`), and its body is read once into bytes so that a
 * retry can send it again.
 */
async function requestInit (input: string | URL | Request, init: RequestInit): Promise<{ url: string, request: RequestInit }> {
  if (!(input instanceof Request)) return { url: String(input), request: init }
  const merged = new Request(input, init)
  const body = merged.body == null ? undefined : await merged.arrayBuffer()
  return {
    url: merged.url,
    request: { ...init, method: merged.method, headers: merged.headers, ...(body != null ? { body } : {}), signal: init.signal ?? input.signal }
  }
}

/** A default message for a failure */
function describeFailure (f: RequestFailure): string {
  if (f.kind === 'timeout') return `Request to ${f.url} timed out after ${f.timeoutMs} ms`
  if (f.kind === 'network') return `Request to ${f.url} failed: ${(f.cause as Error)?.message ?? String(f.cause)}`
  if (f.kind === 'body') return `${f.url} sent a body that is not JSON: ${f.serverMessage ?? ''}`
  return `${f.url} answered HTTP ${f.status ?? '?'}${f.serverMessage != null && f.serverMessage !== '' ? `: ${f.serverMessage}` : ''}`
}

/** The server's error message from an OpenAI, TEI, vLLM, Ollama or llama.cpp error body (`{ error: { message } }`, `{ error }`, `{ message }`, `{ detail }` or text) */
export function serverMessage (text: string): string | undefined {
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

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date */
function parseRetryAfter (value: string | null): number | undefined {
  if (value == null || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

async function sleep (ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted()
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

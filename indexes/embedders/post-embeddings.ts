import { EmbedderRequestError } from './errors.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link postEmbeddings} */
export interface PostEmbeddingsOptions extends AbortOptions {
  /** Full URL of the endpoint, e.g. `http://127.0.0.1:8080/v1/embeddings` */
  url: string
  /** JSON request body */
  body: unknown
  /** Request headers (auth, content type, extras) */
  headers: Record<string, string>
  /** The fetch implementation */
  fetch: typeof fetch
  /** Per-attempt timeout in milliseconds */
  timeoutMs: number
  /** How many times to retry 408/429/5xx, timeouts and network errors */
  maxRetries: number
  /** First retry delay in milliseconds, doubled on each retry (a `Retry-After` header wins, capped at 30 s) */
  retryDelayMs: number
}

const RETRYABLE = new Set([408, 409, 425, 429, 500, 502, 503, 504])
const MAX_DELAY_MS = 30_000

/**
 * POST a JSON body and return the parsed JSON answer, retrying transient
 * failures with exponential backoff. Failures become
 * {@link EmbedderRequestError} carrying the HTTP status and the server's own
 * error message; an abort through `signal` rejects with the signal's reason.
 */
export async function postEmbeddings (options: PostEmbeddingsOptions): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted()
    let retryAfterMs: number | undefined
    let failure: EmbedderRequestError
    const timeout = AbortSignal.timeout(options.timeoutMs)
    const signal = options.signal == null ? timeout : AbortSignal.any([options.signal, timeout])
    try {
      const res = await options.fetch(options.url, {
        method: 'POST',
        headers: options.headers,
        body: JSON.stringify(options.body),
        signal
      })
      const text = await res.text()
      if (res.ok) {
        try {
          return JSON.parse(text)
        } catch (err) {
          throw new EmbedderRequestError(`Embedding server at ${options.url} sent a body that is not JSON: ${text.slice(0, 200)}`, { status: res.status, cause: err })
        }
      }
      failure = new EmbedderRequestError(`Embedding request to ${options.url} failed with HTTP ${res.status}: ${serverMessage(text, res.statusText)}`, { status: res.status })
      if (!RETRYABLE.has(res.status)) {
        throw failure
      }
      retryAfterMs = parseRetryAfter(res.headers.get('retry-after'))
    } catch (err) {
      if (err instanceof EmbedderRequestError) {
        throw err
      }
      if (options.signal?.aborted === true) {
        throw options.signal.reason
      }
      failure = timeout.aborted
        ? new EmbedderRequestError(`Embedding request to ${options.url} timed out after ${options.timeoutMs} ms`, { cause: err })
        : new EmbedderRequestError(`Embedding request to ${options.url} failed: ${(err as Error).message}`, { cause: err })
    }
    if (attempt >= options.maxRetries) {
      throw failure
    }
    const backoff = options.retryDelayMs * 2 ** attempt
    await sleep(Math.min(retryAfterMs ?? backoff, MAX_DELAY_MS), options.signal)
  }
}

/** The server's error message from an OpenAI, TEI, vLLM or Ollama error body */
function serverMessage (text: string, statusText: string): string {
  try {
    const json = JSON.parse(text) as Record<string, unknown>
    const error = json.error
    if (typeof error === 'string') {
      return error
    }
    if (error != null && typeof error === 'object' && typeof (error as Record<string, unknown>).message === 'string') {
      return (error as Record<string, string>).message ?? ''
    }
    if (typeof json.message === 'string') {
      return json.message
    }
    if (typeof json.detail === 'string') {
      return json.detail
    }
  } catch {}
  const trimmed = text.trim()
  return trimmed === '' ? statusText : trimmed.slice(0, 500)
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date */
function parseRetryAfter (value: string | null): number | undefined {
  if (value == null || value.trim() === '') {
    return undefined
  }
  const seconds = Number(value)
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000)
  }
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

import { EmbedderLoadError, EmbedderRequestError, InvalidEmbedderError } from './errors.js'
import { l2Normalize } from './l2-normalize.js'
import { createOpenAICompatibleClient, type RequestFailure } from '../../common/index.js'
import type { LoadableEmbedder } from './loadable-embedder.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link createOpenAIEmbeddings} */
export interface OpenAIEmbeddingsOptions {
  /** Base URL of the OpenAI-compatible API, e.g. `http://127.0.0.1:8080/v1` (TEI), `http://127.0.0.1:11434/v1` (Ollama) */
  baseURL: string
  /** Model name sent in the request, e.g. `nomic-embed-text` */
  model: string
  /** Sent as `Authorization: Bearer <apiKey>` when set */
  apiKey?: string
  /**
   * Expected vector length. When omitted it is learned from the first
   * response (call `init()` to learn it up front); every response is checked
   * against it.
   */
  dimensions?: number
  /**
   * Also send `dimensions` in the request body, asking the server to shorten
   * vectors (OpenAI `text-embedding-3-*`, Matryoshka models on vLLM). Off by
   * default because many servers reject the field.
   *
   * @default false
   */
  sendDimensions?: boolean
  /**
   * Texts per request
   *
   * @default 64
   */
  batchSize?: number
  /** fetch implementation, @default globalThis.fetch */
  fetch?: typeof fetch
  /** Extra request headers */
  headers?: Record<string, string>
  /**
   * Per-request timeout in milliseconds
   *
   * @default 60000
   */
  timeoutMs?: number
  /**
   * Retries for 408/429/5xx answers, timeouts and network errors
   *
   * @default 2
   */
  maxRetries?: number
  /**
   * First retry delay in milliseconds, doubled each retry; a `Retry-After` header wins
   *
   * @default 500
   */
  retryDelayMs?: number
}

/**
 * An embedder for any OpenAI-compatible `POST {baseURL}/embeddings` server
 * (OpenAI, TEI, vLLM, Ollama, Infinity). Texts are sent in batches, results
 * are put back in input order by their `index`, and vectors are
 * L2-normalised. id: `openai:<model>`.
 *
 * `dimensions` is the `dimensions` option when given; otherwise it is learned
 * from the first response, so call `await embedder.init()` (one probe request)
 * before reading it — reading it earlier throws `EmbedderLoadError`.
 *
 * @example
 * ```ts
 * const embedder = await createOpenAIEmbeddings({ baseURL: 'http://127.0.0.1:11434/v1', model: 'nomic-embed-text' }).init()
 * console.log(embedder.dimensions) // 768
 * ```
 */
export function createOpenAIEmbeddings (options: OpenAIEmbeddingsOptions): LoadableEmbedder {
  if (options.baseURL.trim() === '' || options.model.trim() === '') {
    throw new InvalidEmbedderError('createOpenAIEmbeddings needs a non-empty baseURL and model')
  }
  const client = createOpenAICompatibleClient({
    baseURL: options.baseURL,
    ...(options.apiKey != null && options.apiKey !== '' ? { apiKey: options.apiKey } : {}),
    ...(options.headers != null ? { headers: options.headers } : {}),
    ...(options.fetch != null ? { fetch: options.fetch } : {}),
    timeoutMs: options.timeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 2,
    retryDelayMs: options.retryDelayMs ?? 500,
    error: requestError
  })
  const url = client.url('embeddings')
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 64))
  let dimensions = options.dimensions

  async function embedBatch (texts: string[], opts: AbortOptions): Promise<number[][]> {
    const body: Record<string, unknown> = { model: options.model, input: texts }
    if (options.sendDimensions === true && options.dimensions !== undefined) {
      body.dimensions = options.dimensions
    }
    const json = await client.postJson('embeddings', body, opts)
    const vectors = parseEmbeddingResponse(json, texts.length, url)
    for (const v of vectors) {
      dimensions ??= v.length
      if (v.length !== dimensions) {
        throw new EmbedderRequestError(`Embedding server at ${url} returned a ${v.length}-d vector, expected ${dimensions}`)
      }
    }
    return vectors.map(v => l2Normalize(v))
  }

  const embedder: LoadableEmbedder = {
    id: `openai:${options.model}`,

    get dimensions (): number {
      if (dimensions === undefined) {
        throw new EmbedderLoadError(`Dimensions of ${url} (${options.model}) are not known yet: pass \`dimensions\` or await init() first`)
      }
      return dimensions
    },

    async init (opts: AbortOptions = {}) {
      if (dimensions === undefined) {
        await embedBatch(['dimension probe'], opts)
      }
      return this
    },

    async embedDocuments (texts: string[], opts: AbortOptions = {}): Promise<number[][]> {
      opts.signal?.throwIfAborted()
      const out: number[][] = []
      for (let start = 0; start < texts.length; start += batchSize) {
        out.push(...await embedBatch(texts.slice(start, start + batchSize), opts))
      }
      return out
    },

    async embedQuery (text: string, opts: AbortOptions = {}): Promise<number[]> {
      const [vector] = await embedBatch([text], opts)
      if (vector === undefined) {
        throw new EmbedderRequestError(`Embedding server at ${url} returned no vector`)
      }
      return vector
    }
  }
  return embedder
}

/** Pull `data[].embedding` out of an OpenAI-style answer, ordered by `index` */
function parseEmbeddingResponse (json: unknown, expected: number, url: string): number[][] {
  const data = (json as { data?: unknown } | null)?.data
  if (!Array.isArray(data)) {
    throw new EmbedderRequestError(`Embedding server at ${url} sent no \`data\` array`)
  }
  if (data.length !== expected) {
    throw new EmbedderRequestError(`Embedding server at ${url} returned ${data.length} embeddings for ${expected} inputs`)
  }
  const out = new Array<number[] | undefined>(expected)
  data.forEach((item: { index?: unknown, embedding?: unknown }, position) => {
    const index = typeof item?.index === 'number' ? item.index : position
    const vector = toVector(item?.embedding)
    if (!Number.isInteger(index) || index < 0 || index >= expected || out[index] !== undefined || vector === undefined) {
      throw new EmbedderRequestError(`Embedding server at ${url} sent a malformed embedding at position ${position}`)
    }
    out[index] = vector
  })
  return out as number[][]
}

/** A float array, or a base64 string of little-endian float32s */
function toVector (embedding: unknown): number[] | undefined {
  if (Array.isArray(embedding) && embedding.length > 0 && embedding.every(x => typeof x === 'number' && Number.isFinite(x))) {
    return embedding as number[]
  }
  if (typeof embedding === 'string' && embedding.length > 0) {
    const bytes = Buffer.from(embedding, 'base64')
    if (bytes.byteLength % 4 !== 0) {
      return undefined
    }
    const floats = new Float32Array(bytes.byteLength / 4)
    new Uint8Array(floats.buffer).set(bytes)
    return Array.from(floats)
  }
  return undefined
}

/** An embedding request's failure as an {@link EmbedderRequestError} with the HTTP status and the server's message */
function requestError (f: RequestFailure): EmbedderRequestError {
  switch (f.kind) {
    case 'status': return new EmbedderRequestError(`Embedding request to ${f.url} failed with HTTP ${f.status}: ${f.serverMessage ?? f.statusText ?? ''}`, { status: f.status })
    case 'timeout': return new EmbedderRequestError(`Embedding request to ${f.url} timed out after ${f.timeoutMs} ms`, { cause: f.cause })
    case 'body': return new EmbedderRequestError(`Embedding server at ${f.url} sent a body that is not JSON: ${f.serverMessage ?? ''}`, { status: f.status, cause: f.cause })
    default: return new EmbedderRequestError(`Embedding request to ${f.url} failed: ${(f.cause as Error)?.message ?? String(f.cause)}`, { cause: f.cause })
  }
}

import { InvalidEmbedderError } from './errors.js'
import { createLlamaEmbeddings } from './llama-embeddings.js'
import { createOpenAIEmbeddings } from './openai-embeddings.js'
import { createTransformersEmbeddings } from './transformers-embeddings.js'
import { createUseEmbeddings } from './use-embeddings.js'
import type { LlamaEmbeddingsOptions } from './llama-embeddings.js'
import type { LoadableEmbedder } from './loadable-embedder.js'
import type { OpenAIEmbeddingsOptions } from './openai-embeddings.js'
import type { TransformersEmbeddingsOptions } from './transformers-embeddings.js'
import type { UseEmbeddingsOptions } from './use-embeddings.js'

/** Which embedder to build, as plain JSON-able data */
export type EmbedderSpec =
  | ({ kind: 'use' } & UseEmbeddingsOptions)
  | ({ kind: 'transformers' } & Omit<TransformersEmbeddingsOptions, 'onWarning'>)
  | ({ kind: 'openai' } & Omit<OpenAIEmbeddingsOptions, 'fetch'>)
  | ({ kind: 'llama' } & Omit<LlamaEmbeddingsOptions, 'onWarning'>)

/** The embedder kinds {@link parseEmbedderSpec} understands */
export const EMBEDDER_KINDS = ['use', 'transformers', 'openai', 'llama'] as const

/** Default base URL for `openai:<model>` specs: a local Ollama */
export const DEFAULT_EMBED_BASE_URL = 'http://127.0.0.1:11434/v1'

/**
 * Build an embedder from a spec.
 *
 * @example
 * ```ts
 * const embedder = await createEmbedder(parseEmbedderSpec('transformers:Xenova/all-MiniLM-L6-v2')).init()
 * ```
 */
export function createEmbedder (spec: EmbedderSpec, options: { onWarning?: (message: string) => void } = {}): LoadableEmbedder {
  switch (spec.kind) {
    case 'use': {
      const { kind, ...rest } = spec
      return createUseEmbeddings(rest)
    }
    case 'transformers': {
      const { kind, ...rest } = spec
      return createTransformersEmbeddings({ ...rest, ...options })
    }
    case 'llama': {
      const { kind, ...rest } = spec
      return createLlamaEmbeddings({ ...rest, ...options })
    }
    case 'openai': {
      const { kind, ...rest } = spec
      return createOpenAIEmbeddings(rest)
    }
    default:
      throw invalid(String((spec as { kind?: unknown }).kind))
  }
}

/**
 * Parse a CLI/manifest embedder string. Accepts the embedders' own ids, so an
 * index manifest's `embedder.id` parses back to the same embedder:
 *
 * - `use` or `use:universal-sentence-encoder-lite`
 * - `transformers:<hub id or folder>`, e.g. `transformers:Xenova/all-MiniLM-L6-v2`, `transformers:/models/bge-small`
 * - `llama:<file.gguf>`: a GGUF embedding model run by node-llama-cpp, on a
 *   GPU when there is one
 * - `QUARRY_EMBED_DEVICE` (`auto` | `gpu` | `cpu`, default `auto`) picks where
 *   `transformers:` (`gpu` = CUDA) and `llama:` models run; without a GPU they
 *   fall back to the CPU with a warning
 * - `openai:<model>`, e.g. `openai:nomic-embed-text`; the server comes from
 *   `QUARRY_EMBED_BASE_URL` (default `http://127.0.0.1:11434/v1`) and the key
 *   from `QUARRY_EMBED_API_KEY`
 *
 * @param env - where to read `QUARRY_EMBED_*` from (the session passes its resolved settings), @default none
 */
export function parseEmbedderSpec (s: string, env: Record<string, string | undefined> = {}): EmbedderSpec {
  const value = s.trim()
  const colon = value.indexOf(':')
  const kind = colon === -1 ? value : value.slice(0, colon)
  const rest = colon === -1 ? '' : value.slice(colon + 1).trim()
  switch (kind) {
    case 'use':
      if (rest !== '' && rest !== 'universal-sentence-encoder-lite') {
        throw new InvalidEmbedderError(`Unknown USE model "${rest}" in embedder "${s}"; only "use" (universal-sentence-encoder-lite) is available`)
      }
      return { kind: 'use' }
    case 'transformers':
      if (rest === '') {
        throw new InvalidEmbedderError(`Embedder "${s}" names no model; use transformers:<hub id or folder>`)
      }
      return { kind: 'transformers', model: rest, ...(device(env) === 'gpu' ? { device: 'cuda' as const } : {}) }
    case 'llama':
      if (rest === '') {
        throw new InvalidEmbedderError(`Embedder "${s}" names no model; use llama:<file.gguf>`)
      }
      return { kind: 'llama', modelPath: rest, device: device(env) }
    case 'openai': {
      if (rest === '') {
        throw new InvalidEmbedderError(`Embedder "${s}" names no model; use openai:<model>`)
      }
      const baseURL = nonEmpty(env.QUARRY_EMBED_BASE_URL) ?? DEFAULT_EMBED_BASE_URL
      const apiKey = nonEmpty(env.QUARRY_EMBED_API_KEY)
      return { kind: 'openai', baseURL, model: rest, ...(apiKey === undefined ? {} : { apiKey }) }
    }
    default:
      throw invalid(s)
  }
}

function device (env: Record<string, string | undefined>): 'auto' | 'gpu' | 'cpu' {
  const value = nonEmpty(env.QUARRY_EMBED_DEVICE) ?? 'auto'
  if (value !== 'auto' && value !== 'gpu' && value !== 'cpu') {
    throw new InvalidEmbedderError(`QUARRY_EMBED_DEVICE must be auto, gpu or cpu, got "${value}"`)
  }
  return value
}

function nonEmpty (value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

function invalid (value: string): InvalidEmbedderError {
  return new InvalidEmbedderError(`Unknown embedder "${value}"; valid kinds: use, transformers:<hub id or folder>, openai:<model>, llama:<file.gguf>`)
}

import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseEnv } from 'node:util'
import { DEFAULT_FETCH_MAX_BLOCKS, DEFAULT_FETCH_MAX_BYTES, networkOptionsFromEnv, type NetworkOptions } from '../corpora/index.js'
import { QUARRY_PACKAGE_ROOT } from '../common/index.js'
import { defaultUseRuntime, defaultUseThreads, MAX_INDEX_PART_BYTES, MIN_INDEX_PART_BYTES } from '../indexes/index.js'
import type { UseRuntime } from '../indexes/index.js'
import { DEFAULT_CORPUS } from './default-corpus.js'
import { InvalidSettingError } from './errors.js'

/** Milliseconds between plain progress lines when stderr is not a terminal */
export const DEFAULT_PROGRESS_INTERVAL_MS = 10_000

/** An environment: variable name → value */
export type Env = Record<string, string | undefined>

/**
 * Every environment variable Quarry reads, and what it sets. `.env.example`
 * documents the same list; only {@link resolveSettings} reads them.
 */
export const SETTINGS_ENV = Object.freeze({
  QUARRY_HOME: 'home folder (blocks, pins, registries, embedding cache)',
  QUARRY_LISTEN: 'libp2p listen multiaddrs',
  QUARRY_PEERS: 'peers to dial for bitswap',
  QUARRY_GATEWAYS: 'trustless gateway URLs',
  QUARRY_ROUTING: 'Delegated Routing V1 HTTP endpoints that find providers of a CID (`--routing`)',
  QUARRY_DNS_RESOLVERS: 'DNS-over-HTTPS JSON endpoints for DNSLink names (`/ipns/<domain>`); default: the system resolver',
  QUARRY_CORPUS: 'corpus used when none is named',
  QUARRY_EMBEDDER: 'embedder for new indexes (an existing index keeps its own)',
  QUARRY_EMBED_THREADS: 'cores the use embedder uses (onnxruntime threads, or wasm worker threads)',
  QUARRY_USE_RUNTIME: 'what runs the use embedder: onnx (native, default) or wasm',
  QUARRY_EMBED_BASE_URL: 'server of openai:<model> embedders',
  QUARRY_EMBED_API_KEY: 'key of openai:<model> embedders',
  QUARRY_EMBED_DEVICE: 'where transformers: and llama: embedders run (auto, gpu or cpu)',
  QUARRY_LLM_BASE_URL: 'OpenAI-compatible chat server',
  QUARRY_LLM_MODEL: 'chat model name',
  QUARRY_LLM_API_KEY: 'chat server key',
  QUARRY_GGUF: 'local GGUF chat model',
  QUARRY_MCP_TOKEN: 'bearer token of `quarry mcp --http`',
  QUARRY_STORE: 'Postgres + pgvector store URL for chunks and vectors (`--store`)',
  QUARRY_PIN_SERVICE: 'remote pinning service endpoint (IPFS Pinning Service API)',
  QUARRY_PIN_TOKEN: 'remote pinning service access token',
  QUARRY_FETCH_MAX_BYTES: 'largest corpus `quarry corpus fetch` accepts, in bytes (`--max-bytes`)',
  QUARRY_FETCH_MAX_BLOCKS: 'most blocks `quarry corpus fetch` accepts (`--max-blocks`)',
  QUARRY_INDEX_PART_BYTES: 'largest index file pinned whole; a larger one is pinned in parts of this many bytes (default 1 GiB)',
  QUARRY_PROGRESS_INTERVAL_MS: 'milliseconds between plain progress lines when stderr is not a terminal',
  QUARRY_SHARED: 'the shared data folder (catalogue copies, tests)',
  QUARRY_DEBUG: 'print stack traces on CLI errors'
})

/** Settings given explicitly (command-line flags, or a library caller); they win over everything else */
export interface SettingsFlags {
  home?: string
  listen?: string[]
  peers?: string[]
  gateways?: string[]
  /** Delegated Routing V1 HTTP endpoints (`--routing`) */
  routers?: string[]
  corpus?: string
  embedder?: string
  llmUrl?: string
  llmModel?: string
  llmKey?: string
  gguf?: string
  mcpToken?: string
  /** Postgres store URL (`--store`) */
  store?: string
  /** Remote pinning service endpoint (`--service`) */
  pinService?: string
  /** Remote pinning service token (`--token` of `quarry pin remote`) */
  pinToken?: string
  /** Largest DAG a corpus fetch accepts, in bytes (`--max-bytes`) */
  fetchMaxBytes?: number
  /** Most blocks a corpus fetch accepts (`--max-blocks`) */
  fetchMaxBlocks?: number
}

/** Caps on what a corpus fetch accepts */
export interface FetchLimits {
  /** @default {@link DEFAULT_FETCH_MAX_BYTES} */
  maxBytes: number
  /** @default {@link DEFAULT_FETCH_MAX_BLOCKS} */
  maxBlocks: number
}

/** The chat model settings as configured (not yet checked: the CLI checks them when a mode needs them) */
export interface LlmConfig {
  baseURL?: string
  model?: string
  apiKey?: string
  gguf?: string
}

/** Quarry's settings, resolved once: flags, then the environment, then `.env`, then defaults */
export interface QuarrySettings {
  /** Home folder. @default `~/.quarry` */
  home: string
  /** Network settings. @default offline */
  network: NetworkOptions
  /** Corpus used when none is named. @default `filecoin-docs` */
  defaultCorpus: string
  /** Embedder spec for new indexes; an existing index is always opened with its own embedder. @default `use` */
  embedder?: string
  /** Cores the `use` embedder uses (onnxruntime threads or wasm workers). @default the cores available, at most 4 */
  embedThreads?: number
  /** What runs the `use` embedder (`QUARRY_USE_RUNTIME`). @default onnx */
  useRuntime?: UseRuntime
  /** The chat model */
  llm: LlmConfig
  /** Bearer token for MCP over HTTP */
  mcpToken?: string
  /** Postgres + pgvector store for chunks and vectors. @default none: the embedded index */
  store?: string
  /** Remote pinning service endpoint and token */
  pinService?: string
  pinToken?: string
  /** Caps on a corpus fetch */
  fetchLimits: FetchLimits
  /** Largest index file pinned whole; a larger one is pinned in parts of this size (`QUARRY_INDEX_PART_BYTES`). @default `DEFAULT_INDEX_PART_BYTES` (1 GiB) */
  indexPartBytes?: number
  /** Milliseconds between plain progress lines (stderr not a terminal). @default {@link DEFAULT_PROGRESS_INTERVAL_MS} */
  progressIntervalMs: number
  /** The shared data folder. @default `../shared` beside the package */
  shared: string
  /** Print stack traces on CLI errors */
  debug: boolean
  /**
   * The merged environment the settings came from (`.env` under the real
   * environment), for parsers that take one, such as `parseEmbedderSpec`
   */
  env: Env
}

/** Options for {@link resolveSettings} */
export interface ResolveSettingsOptions {
  /** @default process.env */
  env?: Env
  /**
   * A `.env` file to read under the environment, or `false` for none. A
   * library caller reads none unless it names one, so an application's own
   * `.env` (say a `QUARRY_GATEWAYS` line) never turns networking on by
   * itself; the `quarry` CLI names `./.env` (the folder it runs in).
   * @default none
   */
  envFile?: string | false
}

/**
 * Read a `.env` file (`NAME=value` lines, `#` comments, optional quotes).
 * A missing file gives an empty environment.
 */
export function readEnvFile (file: string): Env {
  if (!existsSync(file)) return {}
  return parseEnv(readFileSync(file, 'utf8'))
}

/**
 * Resolve Quarry's settings once: each value comes from `flags`, else the
 * environment, else the `.env` file named by `options.envFile` (none by
 * default; the CLI names `./.env`), else its default. Blank values count as
 * unset (a variable set to an empty value in the environment hides the
 * `.env` value), and a leading `~/` in the home folder is the user's home.
 */
export function resolveSettings (flags: SettingsFlags = {}, options: ResolveSettingsOptions = {}): QuarrySettings {
  const fileEnv = options.envFile == null || options.envFile === false ? {} : readEnvFile(options.envFile)
  const env: Env = { ...fileEnv, ...(options.env ?? process.env) }
  const pick = (flag: string | undefined, name: keyof typeof SETTINGS_ENV): string | undefined => blank(flag) ?? blank(env[name])
  const fromEnv = networkOptionsFromEnv(env)
  const llm: LlmConfig = {}
  const llmValues: Array<[keyof LlmConfig, string | undefined]> = [
    ['baseURL', pick(flags.llmUrl, 'QUARRY_LLM_BASE_URL')],
    ['model', pick(flags.llmModel, 'QUARRY_LLM_MODEL')],
    ['apiKey', pick(flags.llmKey, 'QUARRY_LLM_API_KEY')],
    ['gguf', pick(flags.gguf, 'QUARRY_GGUF')]
  ]
  for (const [key, value] of llmValues) if (value != null) llm[key] = value
  const embedder = pick(flags.embedder, 'QUARRY_EMBEDDER')
  const mcpToken = pick(flags.mcpToken, 'QUARRY_MCP_TOKEN')
  const store = pick(flags.store, 'QUARRY_STORE')
  const pinService = pick(flags.pinService, 'QUARRY_PIN_SERVICE')
  const pinToken = pick(flags.pinToken, 'QUARRY_PIN_TOKEN')
  const indexPartBytes = envNumber(env, 'QUARRY_INDEX_PART_BYTES', MIN_INDEX_PART_BYTES)
  if (indexPartBytes != null && indexPartBytes > MAX_INDEX_PART_BYTES) throw new InvalidSettingError(`QUARRY_INDEX_PART_BYTES must be at most ${MAX_INDEX_PART_BYTES}, got "${indexPartBytes}"`)
  return {
    home: expandHome(pick(flags.home, 'QUARRY_HOME') ?? join(homedir(), '.quarry')),
    network: {
      listen: flags.listen?.length ? flags.listen : fromEnv.listen,
      peers: flags.peers?.length ? flags.peers : fromEnv.peers,
      gateways: flags.gateways?.length ? flags.gateways : fromEnv.gateways,
      routers: flags.routers?.length ? flags.routers : fromEnv.routers,
      dnsResolvers: fromEnv.dnsResolvers
    },
    defaultCorpus: pick(flags.corpus, 'QUARRY_CORPUS') ?? DEFAULT_CORPUS,
    ...(embedder != null ? { embedder } : {}),
    ...(blank(env.QUARRY_EMBED_THREADS) != null ? { embedThreads: defaultUseThreads(env) } : {}),
    ...(blank(env.QUARRY_USE_RUNTIME) != null ? { useRuntime: defaultUseRuntime(env) } : {}),
    llm,
    ...(mcpToken != null ? { mcpToken } : {}),
    ...(store != null ? { store } : {}),
    ...(pinService != null ? { pinService } : {}),
    ...(pinToken != null ? { pinToken } : {}),
    fetchLimits: {
      maxBytes: flags.fetchMaxBytes ?? envNumber(env, 'QUARRY_FETCH_MAX_BYTES', 1) ?? DEFAULT_FETCH_MAX_BYTES,
      maxBlocks: flags.fetchMaxBlocks ?? envNumber(env, 'QUARRY_FETCH_MAX_BLOCKS', 1) ?? DEFAULT_FETCH_MAX_BLOCKS
    },
    ...(indexPartBytes != null ? { indexPartBytes } : {}),
    progressIntervalMs: envNumber(env, 'QUARRY_PROGRESS_INTERVAL_MS', 0) ?? DEFAULT_PROGRESS_INTERVAL_MS,
    shared: resolve(blank(env.QUARRY_SHARED) ?? join(QUARRY_PACKAGE_ROOT, '../shared')),
    debug: blank(env.QUARRY_DEBUG) != null,
    env
  }
}

/** A whole number of at least `min` from the environment, or undefined when unset; anything else is an error naming the variable */
function envNumber (env: Env, name: keyof typeof SETTINGS_ENV, min: number): number | undefined {
  const raw = blank(env[name])
  if (raw == null) return undefined
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidSettingError(`${name} must be a whole number of at least ${min}, got "${raw}"`)
  return n
}

function blank (value: string | undefined): string | undefined {
  return value == null || value.trim() === '' ? undefined : value.trim()
}

function expandHome (dir: string): string {
  return resolve(dir === '~' ? homedir() : dir.startsWith('~/') ? join(homedir(), dir.slice(2)) : dir)
}

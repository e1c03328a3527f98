import { Option } from 'commander'
import { DEFAULT_K, DEFAULT_SEARCH_MODE, SEARCH_MODES } from '../indexes/index.js'

const modes = SEARCH_MODES.join(' | ')

/** The flags several commands share, each defined once: flag syntax, default description and default value */
const SHARED = {
  json: { flags: '--json', description: 'print JSON' },
  corpus: { flags: '--corpus <ref>', description: 'corpus name or CID (default: $QUARRY_CORPUS or filecoin-docs)' },
  index: { flags: '--index <ref>', description: 'index CID, or a corpus name/CID (its newest index; built on first use)' },
  k: { flags: '-k <n>', description: 'passages retrieved', default: String(DEFAULT_K) },
  embedder: { flags: '--embedder <spec>', description: 'use | transformers:<hub id or folder> | openai:<model> (default: an existing index\'s own; for a new index $QUARRY_EMBEDDER, else use)' },
  searchMode: { flags: '--search-mode <mode>', description: modes, default: DEFAULT_SEARCH_MODE },
  llmUrl: { flags: '--llm-url <url>', description: 'OpenAI-compatible API root, e.g. http://127.0.0.1:11434/v1 (default: $QUARRY_LLM_BASE_URL)' },
  llmModel: { flags: '--llm-model <name>', description: 'model name sent to --llm-url (default: $QUARRY_LLM_MODEL)' },
  llmKey: { flags: '--llm-key <key>', description: 'API key for --llm-url (default: $QUARRY_LLM_API_KEY)' },
  store: { flags: '--store <url>', description: 'keep chunks, vectors and BM25 postings in Postgres + pgvector: postgres://user:pass@host:port/db (default: $QUARRY_STORE, else the embedded index)' },
  fetchTimeout: { flags: '--timeout <seconds>', description: 'when --index names a CID this home lacks: give up fetching it after this many seconds (default: 60 to find its manifest, then 300 for the index)' },
  gguf: { flags: '--gguf <file>', description: 'local GGUF model run in-process with node-llama-cpp (default: $QUARRY_GGUF)' },
  minAnswerability: { flags: '--min-answerability <p>', description: 'abstain unless the answer model\'s answerability (0-1) reaches this; higher refuses more unanswerable questions and more answerable ones (default: the model\'s own threshold; trade-off in docs/evaluation.md)' },
  verifyIndex: { flags: '--verify-index [sample]', description: 'before using the index, re-derive it from its corpus as `quarry index verify` does (every vector re-embedded, or a seeded sample of this many) and refuse it unless it verifies (exit 1 when it differs, 2 when it could not be checked)' }
} satisfies Record<string, { flags: string, description: string, default?: string }>

/** The name of a shared flag */
export type SharedOption = keyof typeof SHARED

/** The chat model flags, in the order help lists them */
export const LLM_OPTIONS: readonly SharedOption[] = ['llmUrl', 'llmModel', 'llmKey', 'gguf']

/**
 * A shared flag as a commander `Option`; a command may word its description
 * (and, for `-k`, its default) for what the flag means there.
 */
export function sharedOption (name: SharedOption, description?: string, defaultValue?: string): Option {
  const spec: { flags: string, description: string, default?: string } = SHARED[name]
  const option = new Option(spec.flags, description ?? spec.description)
  const value = defaultValue ?? spec.default
  return value != null ? option.default(value) : option
}

import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { AgentAnswerer, AnswerMode, ChatModel } from '../agent/index.js'
import { positiveInt, unitShare } from './context.js'
import { LLM_OPTIONS, sharedOption } from './options.js'
import { searchMode } from './search-command.js'
import type { QuarryIndex, SearchMode } from '../indexes/index.js'
import type { LlmConfig, QuarrySession, QuarrySettings, SettingsFlags } from '../session/index.js'

/** The answering modes the CLI accepts for `--mode` and `/mode` */
export const ANSWER_MODES: readonly AnswerMode[] = ['extractive', 'llm', 'agent']

/** Raw answer flags as commander hands them over (shared by `ask` and `chat`) */
export interface AnswerFlags {
  index?: string
  corpus?: string
  mode?: string
  k: string
  searchMode: string
  minAnswerability?: string
  llmUrl?: string
  llmModel?: string
  llmKey?: string
  gguf?: string
  json?: boolean
}

/** Where the chat model comes from: an OpenAI-compatible server or a local GGUF file */
export type LlmSettings =
  | { kind: 'openai-compatible', baseURL: string, model: string, apiKey?: string }
  | { kind: 'gguf', modelPath: string }

/** Answer flags, parsed and checked */
export interface AnswerSettings {
  /** Index CID or corpus name/CID; undefined means the session's default corpus */
  ref?: string
  mode: AnswerMode
  k: number
  searchMode: SearchMode
  /** `--min-answerability`: the answerability below which every mode abstains (the answer model's own threshold when unset) */
  minAnswerability?: number
  /** The configured chat model, if any */
  llm?: LlmSettings
}

/** A chat model the CLI created, with a way to free what it holds */
export interface CliChatModel {
  model: ChatModel
  dispose(): Promise<void>
}

/** Add the answering flags (`--corpus`, `--index`, `--mode`, `-k`, `--search-mode`, LLM settings) to a command */
export function addAnswerOptions (command: Command): Command {
  command
    .addOption(sharedOption('corpus'))
    .addOption(sharedOption('index', 'index CID (default: the corpus\'s newest index, built on first use)'))
    .option('--mode <mode>', `${ANSWER_MODES.join(' | ')} (default: llm when an LLM is configured, else extractive)`)
    .addOption(sharedOption('k'))
    .addOption(sharedOption('searchMode'))
    .addOption(sharedOption('minAnswerability'))
  for (const name of LLM_OPTIONS) command.addOption(sharedOption(name))
  return command
}

/** Parse an answering mode, naming `flag` when it is not one */
export function answerMode (value: string, flag = '--mode'): AnswerMode {
  if (!(ANSWER_MODES as readonly string[]).includes(value)) throw new Error(`${flag} must be one of ${ANSWER_MODES.join(', ')}, got "${value}"`)
  return value as AnswerMode
}

/** Check the chat model settings (flags over the environment and `.env`, as {@link cliSettings} resolved them) */
export function llmSettings (config: LlmConfig): LlmSettings | undefined {
  const url = config.baseURL
  const model = config.model
  const gguf = config.gguf
  if (url != null && gguf != null) throw new Error('--llm-url and --gguf cannot be used together: pick one chat model')
  if (url != null) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new Error(`--llm-url must be an http(s) URL, got "${url}"`)
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`--llm-url must be an http(s) URL, got "${url}"`)
    if (model == null) throw new Error('--llm-model is required with --llm-url (or set QUARRY_LLM_MODEL)')
    const apiKey = config.apiKey
    return { kind: 'openai-compatible', baseURL: url, model, ...(apiKey != null ? { apiKey } : {}) }
  }
  if (model != null) throw new Error('--llm-model needs --llm-url (or QUARRY_LLM_BASE_URL) to say which server to ask')
  if (gguf != null) {
    const modelPath = resolve(gguf)
    if (!existsSync(modelPath) || !statSync(modelPath).isFile()) throw new Error(`--gguf: no model file at "${gguf}"`)
    return { kind: 'gguf', modelPath }
  }
  return undefined
}

/** Parse and check the answering flags (the chat model from the resolved settings); throws an error naming the bad flag */
export function answerSettings (flags: AnswerFlags, settings: QuarrySettings): AnswerSettings {
  const k = positiveInt('-k', flags.k)
  const search = searchMode(flags.searchMode, '--search-mode')
  const llm = llmSettings(settings.llm)
  const mode = flags.mode != null ? answerMode(flags.mode) : llm != null ? 'llm' : 'extractive'
  checkModeHasModel(mode, llm)
  const ref = flags.index ?? flags.corpus
  const min = flags.minAnswerability != null ? unitShare('--min-answerability', flags.minAnswerability) : undefined
  return { mode, k, searchMode: search, ...(ref != null ? { ref } : {}), ...(llm != null ? { llm } : {}), ...(min != null ? { minAnswerability: min } : {}) }
}

/** Throw when a mode needs a chat model that is not configured, or is not available in this build */
export function checkModeHasModel (mode: AnswerMode, llm: LlmSettings | undefined): void {
  if (mode === 'extractive') return
  if (llm == null) {
    throw new Error(`--mode ${mode} needs a chat model: pass --llm-url URL --llm-model NAME (or set QUARRY_LLM_BASE_URL and QUARRY_LLM_MODEL), or --gguf FILE (QUARRY_GGUF)`)
  }
  if (mode === 'agent' && llm.kind !== 'openai-compatible') throw new Error(AGENT_NEEDS_SERVER)
}

const AGENT_NEEDS_SERVER = '--mode agent needs a tool-calling model on an OpenAI-compatible server (--llm-url URL --llm-model NAME); --gguf models answer in --mode llm only'

/** The `agent` answerer and the tool context whose opened indexes its tools search and read */
export interface CliAgent {
  answerer: AgentAnswerer
  /** Open (or reuse) the index for a reference in the tools' context and make it the tools' default; call it for the index being asked */
  openIndex(ref: string): Promise<QuarryIndex>
}

/**
 * Create the `agent` mode answerer (a LangChain tool-calling loop over the
 * Quarry search/read tools) for an OpenAI-compatible server. The agent code
 * is loaded on first use so other commands start fast.
 */
export async function createCliAgent (settings: LlmSettings, session: QuarrySession, options: { k: number }): Promise<CliAgent> {
  if (settings.kind !== 'openai-compatible') throw new Error(AGENT_NEEDS_SERVER)
  const [{ createAgentAnswerer, createAgentChatModel }, { createToolContext }] = await Promise.all([import('../agent/index.js'), import('../tools/index.js')])
  const ctx = createToolContext(session)
  const model = await createAgentChatModel({ baseURL: settings.baseURL, model: settings.model, ...(settings.apiKey != null ? { apiKey: settings.apiKey } : {}) })
  return {
    answerer: createAgentAnswerer({ model, ctx, k: options.k, id: `agent:openai-compatible:${settings.model}` }),
    openIndex: async (ref) => {
      ctx.setDefaultRef?.(ref)
      return ctx.openIndex(ref)
    }
  }
}

/** Create the chat model for the settings (the agent layer loads on first use, so other commands start fast) */
export async function createChatModel (settings: LlmSettings): Promise<CliChatModel> {
  const { createLlamaCppChat, createOpenAICompatibleChat } = await import('../agent/index.js')
  if (settings.kind === 'openai-compatible') {
    const model = createOpenAICompatibleChat({ baseURL: settings.baseURL, model: settings.model, ...(settings.apiKey != null ? { apiKey: settings.apiKey } : {}) })
    return { model, async dispose () {} }
  }
  const model = createLlamaCppChat({ modelPath: settings.modelPath })
  return { model, async dispose () { await model.dispose() } }
}

/** A one-line description of the chat model, for banners */
export function describeLlm (settings: LlmSettings | undefined): string {
  if (settings == null) return 'none'
  return settings.kind === 'gguf' ? `gguf ${settings.modelPath}` : `${settings.model} at ${settings.baseURL}`
}

/** The settings flags of the answering options */
export function answerSettingsFlags (flags: AnswerFlags): SettingsFlags {
  const out: SettingsFlags = {}
  if (flags.corpus != null) out.corpus = flags.corpus
  if (flags.llmUrl != null) out.llmUrl = flags.llmUrl
  if (flags.llmModel != null) out.llmModel = flags.llmModel
  if (flags.llmKey != null) out.llmKey = flags.llmKey
  if (flags.gguf != null) out.gguf = flags.gguf
  return out
}

import type { ChatOpenAI } from '@langchain/openai'
import { createOpenAICompatibleClient } from '../../common/index.js'

/** Options for {@link createAgentChatModel} */
export interface AgentChatModelOptions {
  /** API root of an OpenAI-compatible server, e.g. `http://127.0.0.1:11434/v1` (Ollama) */
  baseURL: string
  /** Model name sent in requests; it must support tool calling */
  model: string
  /** Sent as `Authorization: Bearer <apiKey>`. @default `'not-needed'` (local servers ignore it) */
  apiKey?: string
  /** Sampling temperature. @default 0 */
  temperature?: number
  /** The fetch to use (tests, proxies). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
  /** Time allowed for one request, reply included, in milliseconds. @default 120000 */
  timeoutMs?: number
}

/**
 * A LangChain tool-calling chat model for the `agent` answering mode
 * (`createAgentAnswerer`): `ChatOpenAI` pointed at any OpenAI-compatible
 * server (OpenAI, Ollama, vLLM, llama.cpp's `llama-server`, LM Studio…).
 *
 * @example
 * ```ts
 * const model = await createAgentChatModel({ baseURL: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b' })
 * ```
 */
export async function createAgentChatModel (options: AgentChatModelOptions): Promise<ChatOpenAI> {
  // loaded here, not with the agent layer: `@langchain/openai` and the OpenAI SDK are ~250 modules
  const { ChatOpenAI } = await import('@langchain/openai')
  // HTTP goes through Quarry's one OpenAI-compatible client (auth, timeouts, retries); the SDK does not retry again
  const client = createOpenAICompatibleClient({
    baseURL: options.baseURL,
    timeoutMs: options.timeoutMs ?? 120_000,
    retryTimeouts: false,
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {})
  })
  return new ChatOpenAI({
    model: options.model,
    apiKey: options.apiKey ?? 'not-needed',
    temperature: options.temperature ?? 0,
    maxRetries: 0,
    configuration: {
      baseURL: client.baseURL,
      fetch: client.fetch
    }
  })
}

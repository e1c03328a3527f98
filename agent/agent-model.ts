import { ChatOpenAI } from '@langchain/openai'

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
}

/**
 * A LangChain tool-calling chat model for the `agent` answering mode
 * (`createAgentAnswerer`): `ChatOpenAI` pointed at any OpenAI-compatible
 * server (OpenAI, Ollama, vLLM, llama.cpp's `llama-server`, LM Studio…).
 *
 * @example
 * ```ts
 * const model = createAgentChatModel({ baseURL: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b' })
 * ```
 */
export function createAgentChatModel (options: AgentChatModelOptions): ChatOpenAI {
  return new ChatOpenAI({
    model: options.model,
    apiKey: options.apiKey ?? 'not-needed',
    temperature: options.temperature ?? 0,
    configuration: {
      baseURL: options.baseURL,
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {})
    }
  })
}

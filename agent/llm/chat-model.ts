/** One message of a chat conversation */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

/** Options for {@link ChatModel.chat} */
export interface ChatOptions {
  signal?: AbortSignal
  /** Sampling temperature (the backend's default when not set) */
  temperature?: number
  /** Longest reply, in tokens (the backend's default when not set) */
  maxTokens?: number
  /** Receives the reply's text piece by piece as it is generated */
  onToken?: (token: string) => void
}

/**
 * A chat language model: an OpenAI-compatible server, a local GGUF model, or
 * anything else that turns messages into a reply.
 */
export interface ChatModel {
  /** Stable id recorded in answer records, e.g. `openai-compatible:llama3.2` */
  readonly id: string
  /** Send the conversation and resolve with the full text of the reply */
  chat(messages: ChatMessage[], options?: ChatOptions): Promise<string>
}

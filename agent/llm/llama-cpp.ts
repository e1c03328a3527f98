import { statSync } from 'node:fs'
import path from 'node:path'
import { fitPrompt } from './fit-prompt.js'
import { LlmRequestError } from '../errors.js'
import type { ChatMessage, ChatModel, ChatOptions } from './chat-model.js'
import type { ChatHistoryItem, Llama, LlamaContext, LlamaModel } from 'node-llama-cpp'

/** Options for {@link createLlamaCppChat} */
export interface LlamaCppChatOptions {
  /** Path of a GGUF model file */
  modelPath: string
  /** Context size in tokens (node-llama-cpp picks one that fits the model and memory when not set) */
  contextSize?: number
  /**
   * Longest reply, in tokens, when `chat` is not given `maxTokens`
   *
   * @default 256
   */
  maxTokens?: number
  /**
   * `false` runs on the CPU only; `'auto'` uses a GPU when one is available
   *
   * @default 'auto'
   */
  gpu?: false | 'auto'
  /**
   * CPU threads used to evaluate tokens. Small models (files under
   * {@link SMALL_MODEL_BYTES}) gain nothing from more threads, and llama.cpp's
   * threads spin-wait for each other, which on a busy machine makes a reply
   * take minutes instead of a second: they get 1.
   *
   * @default 1 for small models, else node-llama-cpp's default (all cores)
   */
  threads?: number
  /** Receives llama.cpp's log lines, which are otherwise discarded (library code never prints) */
  onLog?: (level: string, message: string) => void
}

/** A local GGUF {@link ChatModel} that holds native resources until disposed */
export interface LlamaCppChatModel extends ChatModel {
  /** Load the runtime, model and context now rather than on the first `chat` */
  load(): Promise<void>
  /** Free the context and the model; a later `chat` loads them again */
  dispose(): Promise<void>
}

interface Loaded {
  model: LlamaModel
  context: LlamaContext
}

/** Models smaller than this (bytes) run on one thread by default (see {@link LlamaCppChatOptions.threads}) */
export const SMALL_MODEL_BYTES = 200 * 1024 * 1024

/** One llama.cpp runtime per GPU setting, shared by the process (see {@link createLlamaCppChat}) */
const runtimes = new Map<string, Promise<Llama>>()
/** Where the shared runtimes' log lines go */
const logListeners = new Set<(level: string, message: string) => void>()

async function runtime (gpu: false | 'auto'): Promise<Llama> {
  const key = String(gpu)
  let llama = runtimes.get(key)
  if (llama === undefined) {
    llama = (async () => {
      const { getLlama, LlamaLogLevel } = await import('node-llama-cpp')
      return getLlama({
        gpu,
        logLevel: LlamaLogLevel.warn,
        logger: (level, message) => { for (const listener of logListeners) listener(level, message) },
        progressLogs: false
      })
    })()
    llama.catch(() => runtimes.delete(key))
    runtimes.set(key, llama)
  }
  return llama
}

/**
 * A {@link ChatModel} that runs a GGUF model in-process with node-llama-cpp
 * (v3), fully offline. The model loads on first use; calls are served one at
 * a time on a single context sequence, each starting from a fresh chat
 * history built from the messages (the last one must be the user's).
 * Call `dispose()` when done: it frees the context and the model. The
 * llama.cpp runtime itself is loaded once per process and GPU setting and
 * shared (node-llama-cpp cannot route a re-created runtime's logs), so it
 * stays loaded until the process exits.
 *
 * @example
 * ```ts
 * const llm = createLlamaCppChat({ modelPath: 'models/qwen2.5-1.5b-instruct-q4_k_m.gguf' })
 * try {
 *   console.log(await llm.chat([{ role: 'user', content: 'Hello' }]))
 * } finally {
 *   await llm.dispose()
 * }
 * ```
 */
export function createLlamaCppChat (options: LlamaCppChatOptions): LlamaCppChatModel {
  const defaultMaxTokens = options.maxTokens ?? 256
  let loading: Promise<Loaded> | undefined
  let queue: Promise<unknown> = Promise.resolve()

  const load = async (): Promise<Loaded> => {
    loading ??= (async () => {
      if (options.onLog !== undefined) logListeners.add(options.onLog)
      const llama = await runtime(options.gpu ?? 'auto')
      const model = await llama.loadModel({ modelPath: options.modelPath })
      const threads = options.threads ?? (statSync(options.modelPath).size < SMALL_MODEL_BYTES ? 1 : undefined)
      try {
        const context = await model.createContext({
          sequences: 1,
          ...(options.contextSize === undefined ? {} : { contextSize: options.contextSize }),
          ...(threads === undefined ? {} : { threads })
        })
        return { model, context }
      } catch (err) {
        await model.dispose()
        throw err
      }
    })().catch(err => {
      loading = undefined
      throw new LlmRequestError(`Could not load the GGUF model ${options.modelPath}: ${(err as Error).message}`, { cause: err })
    })
    return loading
  }

  const run = async (messages: ChatMessage[], chatOptions: ChatOptions): Promise<string> => {
    chatOptions.signal?.throwIfAborted()
    const last = messages.at(-1)
    if (last?.role !== 'user') throw new TypeError('The last chat message must be the user\'s')
    const { model, context } = await load()
    const { LlamaChatSession } = await import('node-llama-cpp')
    const session = new LlamaChatSession({ contextSequence: context.getSequence() })
    const maxTokens = Math.min(chatOptions.maxTokens ?? defaultMaxTokens, Math.floor(context.contextSize / 4))
    // the prompt must fit the context with room for the reply (and the chat template's own tokens)
    const count = (text: string): number => model.tokenize(text).length
    const fixedTokens = messages.slice(0, -1).reduce((n, m) => n + count(m.content), 0) + 64
    const user = fitPrompt(last.content, { budget: context.contextSize - maxTokens, fixedTokens, count })
    try {
      session.setChatHistory(messages.slice(0, -1).map(toHistoryItem))
      return await session.prompt(user, {
        maxTokens,
        ...(chatOptions.temperature === undefined ? {} : { temperature: chatOptions.temperature }),
        ...(chatOptions.signal === undefined ? {} : { signal: chatOptions.signal }),
        ...(chatOptions.onToken === undefined ? {} : { onTextChunk: chatOptions.onToken })
      })
    } finally {
      session.dispose({ disposeSequence: true })
    }
  }

  return {
    id: `llama-cpp:${path.basename(options.modelPath)}`,
    async load () {
      await load()
    },
    async chat (messages: ChatMessage[], chatOptions: ChatOptions = {}): Promise<string> {
      const next = queue.then(async () => run(messages, chatOptions))
      queue = next.catch(() => {})
      return next
    },
    async dispose () {
      await queue
      const current = loading
      loading = undefined
      const loaded = await current?.catch(() => undefined)
      if (options.onLog !== undefined) logListeners.delete(options.onLog)
      if (loaded === undefined) return
      await loaded.context.dispose()
      await loaded.model.dispose()
    }
  }
}

/** A chat message as a node-llama-cpp chat history item */
function toHistoryItem (message: ChatMessage): ChatHistoryItem {
  switch (message.role) {
    case 'system': return { type: 'system', text: message.content }
    case 'user': return { type: 'user', text: message.content }
    case 'assistant': return { type: 'model', response: [message.content] }
  }
}

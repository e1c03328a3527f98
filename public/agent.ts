/**
 * `quarry/agent`: answer a question from an index with citations that are
 * chunk CIDs (extractive, an LLM, or a tool-calling agent), check and verify
 * those citations, and the chat-model clients.
 *
 * @packageDocumentation
 */
export { answer, verifyAnswer, checkCitations, createAgentAnswerer, createOpenAICompatibleChat, createLlamaCppChat, askTool, verifyTool, NOT_FOUND_ANSWER, LlmRequestError, InvalidAnswerError, AnswerVerificationError } from '../agent/index.js'
export type {
  AnswerOptions, AnswerMode, AnswerRecord, AbstentionReason, Citation, AnswerContext, AnswerSentence, AnswerTimings, AgentAnswerer,
  AnswerVerification, CitationVerification, SentenceVerification, VerifiableRecord, VerifyAnswerOptions,
  AgentAnswererOptions, AgentProgressEvent, ChatModel, ChatMessage, ChatOptions, OpenAICompatibleChatOptions,
  LlamaCppChatOptions, LlamaCppChatModel, AskToolInput, AskToolDefaults, VerifyToolInput
} from '../agent/index.js'

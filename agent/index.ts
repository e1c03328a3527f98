/**
 * The agent layer: answering a question from retrieved passages
 * (extractive, LLM, or a LangChain tool-calling agent), the citation check,
 * answer records and their verification, chat-model clients, and the
 * `quarry_ask` / `quarry_verify` tools.
 *
 * @packageDocumentation
 */

export type { AnswerMode, Citation, AnswerContext, AnswerSentence, AnswerTimings, AnswerRecord } from './answer-record.js'
export { answer } from './answer.js'
export type { AnswerOptions, AgentAnswerer } from './answer.js'
export { extractiveAnswer, distinctResults } from './answerers/extractive-answer.js'
export type { ExtractiveAnswerOptions } from './answerers/extractive-answer.js'
export { llmAnswer } from './answerers/llm-answer.js'
export type { LlmAnswerOptions } from './answerers/llm-answer.js'
export { createAgentAnswerer } from './answerers/agent-answer.js'
export type { AgentAnswererOptions, AgentProgressEvent } from './answerers/agent-answer.js'
export { createAgentChatModel } from './answerers/agent-model.js'
export type { AgentChatModelOptions } from './answerers/agent-model.js'
export { questionShape } from './question-kind.js'
export type { QuestionKind, QuestionShape } from './question-kind.js'
export { standaloneQuestion, expandFollowUp, isFollowUp } from './standalone-question.js'
export type { ConversationTurn, StandaloneQuestionOptions } from './standalone-question.js'
export { isAnswerable, termStatistics } from './answerability.js'
export type { AnswerabilityOptions, TermStatistics } from './answerability.js'
export { openTermStatistics, TERM_STATISTICS_VERSION } from './term-statistics-file.js'
export type { OpenTermStatisticsOptions } from './term-statistics-file.js'
export { checkCitations, UNSUPPORTED } from './citations/check-citations.js'
export { NOT_FOUND_ANSWER, renderAnswer } from './draft.js'
export type { Draft } from './draft.js'
export { buildPrompt, SYSTEM_PROMPT } from './answerers/build-prompt.js'
export type { BuildPromptOptions, Prompt } from './answerers/build-prompt.js'
export { verifyAnswer } from './citations/verify-answer.js'
export type { AnswerVerification, CitationVerification, SentenceVerification, VerifiableRecord, VerifyAnswerOptions } from './citations/verify-answer.js'
export { checkSupport, isQuotedFrom, SUPPORTED_COVERAGE, PARTLY_COVERAGE } from './citations/support-check.js'
export type { SupportCheck, SupportVerdict } from './citations/support-check.js'
export type { ChatModel, ChatMessage, ChatOptions } from './llm/chat-model.js'
export { createOpenAICompatibleChat } from './llm/openai-compatible.js'
export type { OpenAICompatibleChatOptions } from './llm/openai-compatible.js'
export { createLlamaCppChat } from './llm/llama-cpp.js'
export type { LlamaCppChatOptions, LlamaCppChatModel } from './llm/llama-cpp.js'
export { askTool } from './ask-tool.js'
export type { AskToolInput, AskToolDefaults } from './ask-tool.js'
export { verifyTool } from './verify-tool.js'
export type { VerifyToolInput } from './verify-tool.js'
export { LlmRequestError, InvalidAnswerError, AnswerVerificationError } from './errors.js'

/**
 * Quarry: ask questions of open corpora on IPFS and get answers whose every
 * citation is a verifiable CID. Sub-entry points (public/, listed in
 * docs/api-report.md): `quarry/session`, `quarry/agent`, `quarry/tools`,
 * `quarry/langchain`, `quarry/eval`, `quarry/search`, `quarry/embedders`,
 * `quarry/corpora`.
 *
 * @packageDocumentation
 */
export { openQuarrySession, type QuarrySession, type OpenIndexOptions } from './session/index.js'
export { answer, verifyAnswer, type AnswerOptions, type AnswerRecord, type Citation, type AnswerMode } from './agent/index.js'
export { parseCid } from './corpora/index.js'

/**
 * Quarry: ask questions of open corpora on IPFS and get answers whose every
 * citation is a verifiable CID. Sub-entry points: `quarry/corpora`,
 * `quarry/indexes`, `quarry/session`, `quarry/tools`, `quarry/agent`,
 * `quarry/eval`.
 *
 * @packageDocumentation
 */
export { openQuarrySession, type QuarrySession, type OpenIndexOptions } from './session/index.js'
export { answer, verifyAnswer, type AnswerOptions, type AnswerRecord, type Citation, type AnswerMode } from './agent/index.js'
export { parseCid } from './corpora/index.js'

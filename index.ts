/**
 * Quarry: ask questions of open corpora on IPFS and get answers whose every
 * citation is a verifiable CID. Sub-entry points: `quarry/corpora`,
 * `quarry/indexes`, `quarry/tools`, `quarry/agent`, `quarry/eval`.
 *
 * @packageDocumentation
 */
export { openQuarrySession, type QuarrySession, type OpenIndexOptions } from './indexes/quarry-session.js'
export { answer, type AnswerOptions } from './agent/answer.js'
export { verifyAnswer } from './agent/verify-answer.js'
export type { AnswerRecord, Citation, AnswerMode } from './agent/answer-record.js'
export { parseCid } from './corpora/parse-cid.js'

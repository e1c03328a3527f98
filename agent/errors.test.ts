import { describe, it, expect } from 'vitest'
import { AnswerVerificationError, InvalidAnswerError, InvalidAnswerModelError, LlmRequestError } from './errors.js'

describe('agent errors', () => {
  it('LlmRequestError has a stable name, code, status and server message', () => {
    const cause = new Error('socket hang up')
    const err = new LlmRequestError('boom', { status: 500, serverMessage: 'model crashed', cause })
    expect([LlmRequestError.name, err.name, err.code, err.status, err.serverMessage, err.cause]).toEqual(['LlmRequestError', 'LlmRequestError', 'ERR_LLM_REQUEST', 500, 'model crashed', cause])
  })

  it('InvalidAnswerError has a stable name', () => {
    expect([InvalidAnswerError.name, new InvalidAnswerError('x').name, new InvalidAnswerError('x').code]).toEqual(['InvalidAnswerError', 'InvalidAnswerError', 'ERR_INVALID_ANSWER'])
  })

  it('AnswerVerificationError has a stable name', () => {
    expect([AnswerVerificationError.name, new AnswerVerificationError('x').name, new AnswerVerificationError('x').code]).toEqual(['AnswerVerificationError', 'AnswerVerificationError', 'ERR_ANSWER_VERIFICATION'])
  })
  it('InvalidAnswerModelError has a stable name', () => {
    expect([InvalidAnswerModelError.name, new InvalidAnswerModelError('x').name, new InvalidAnswerModelError('x').code]).toEqual(['InvalidAnswerModelError', 'InvalidAnswerModelError', 'ERR_INVALID_ANSWER_MODEL'])
  })
})

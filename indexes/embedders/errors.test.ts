import { describe, it, expect } from 'vitest'
import { EmbedderLoadError, EmbedderRequestError, InvalidEmbedderError } from './errors.js'

describe('embedder errors', () => {
  it('EmbedderRequestError has a stable name, code and status', () => {
    const cause = new Error('socket hang up')
    const err = new EmbedderRequestError('boom', { status: 503, cause })
    expect([EmbedderRequestError.name, err.name, err.code, err.status, err.cause]).toEqual(['EmbedderRequestError', 'EmbedderRequestError', 'ERR_EMBEDDER_REQUEST', 503, cause])
  })

  it('InvalidEmbedderError has a stable name', () => {
    expect([InvalidEmbedderError.name, new InvalidEmbedderError('x').name, new InvalidEmbedderError('x').code]).toEqual(['InvalidEmbedderError', 'InvalidEmbedderError', 'ERR_INVALID_EMBEDDER'])
  })

  it('EmbedderLoadError has a stable name', () => {
    expect([EmbedderLoadError.name, new EmbedderLoadError('x').name, new EmbedderLoadError('x').code]).toEqual(['EmbedderLoadError', 'EmbedderLoadError', 'ERR_EMBEDDER_LOAD'])
  })
})

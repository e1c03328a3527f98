import { describe, it, expect } from 'vitest'
import { DimensionMismatchError, EmbedderMismatchError, IndexNotFoundError, InvalidIndexError } from './errors.js'

describe('indexes errors', () => {
  it('InvalidIndexError has its own name and code', () => {
    const err = new InvalidIndexError('bad', { cause: new Error('inner') })
    expect([err.name, InvalidIndexError.name, err.code]).toEqual(['InvalidIndexError', 'InvalidIndexError', 'ERR_INVALID_INDEX'])
    expect(err.cause).toBeInstanceOf(Error)
  })

  it('EmbedderMismatchError has its own name and code', () => {
    const err = new EmbedderMismatchError()
    expect([err.name, EmbedderMismatchError.name, err.code]).toEqual(['EmbedderMismatchError', 'EmbedderMismatchError', 'ERR_EMBEDDER_MISMATCH'])
  })

  it('IndexNotFoundError has its own name and code', () => {
    const err = new IndexNotFoundError()
    expect([err.name, IndexNotFoundError.name, err.code]).toEqual(['IndexNotFoundError', 'IndexNotFoundError', 'ERR_INDEX_NOT_FOUND'])
  })

  it('DimensionMismatchError has its own name and code', () => {
    const err = new DimensionMismatchError()
    expect([err.name, DimensionMismatchError.name, err.code]).toEqual(['DimensionMismatchError', 'DimensionMismatchError', 'ERR_DIMENSION_MISMATCH'])
  })
})

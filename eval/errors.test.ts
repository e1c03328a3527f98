import { describe, it, expect } from 'vitest'
import { EvalDatasetError } from './errors.js'

describe('eval errors', () => {
  it('EvalDatasetError has a stable name and code and keeps its cause', () => {
    const cause = new Error('boom')
    const err = new EvalDatasetError('bad line', { cause })
    expect(EvalDatasetError.name).toBe('EvalDatasetError')
    expect(err.name).toBe('EvalDatasetError')
    expect(err.code).toBe('ERR_EVAL_DATASET')
    expect(err.cause).toBe(cause)
  })
})

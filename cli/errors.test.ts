import { describe, it, expect } from 'vitest'
import { IndexNotVerifiedError, InterruptedError } from './errors.js'

describe('cli errors', () => {
  it('InterruptedError has a stable name and code', () => {
    const e = new InterruptedError()
    expect(e.name).toBe('InterruptedError')
    expect(InterruptedError.name).toBe('InterruptedError')
    expect(e.code).toBe('ERR_INTERRUPTED')
  })

  it('IndexNotVerifiedError has a stable name and code, and the exit code of its verdict', () => {
    const e = new IndexNotVerifiedError('x', 2)
    expect(e.name).toBe('IndexNotVerifiedError')
    expect(IndexNotVerifiedError.name).toBe('IndexNotVerifiedError')
    expect(e.code).toBe('ERR_INDEX_NOT_VERIFIED')
    expect(e.exitCode).toBe(2)
  })
})

import { describe, it, expect } from 'vitest'
import { InterruptedError } from './errors.js'

describe('cli errors', () => {
  it('InterruptedError has a stable name and code', () => {
    const e = new InterruptedError()
    expect(e.name).toBe('InterruptedError')
    expect(InterruptedError.name).toBe('InterruptedError')
    expect(e.code).toBe('ERR_INTERRUPTED')
  })
})

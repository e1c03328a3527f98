import { describe, it, expect } from 'vitest'
import { DerivationError, OcrEngineError } from './errors.js'

describe('OCR errors', () => {
  it('carry their own stable names and codes', () => {
    expect(new OcrEngineError('x')).toMatchObject({ name: 'OcrEngineError', code: 'ERR_OCR_ENGINE' })
    expect(OcrEngineError.name).toBe('OcrEngineError')
    expect(new DerivationError('x')).toMatchObject({ name: 'DerivationError', code: 'ERR_DERIVATION' })
    expect(DerivationError.name).toBe('DerivationError')
  })
})

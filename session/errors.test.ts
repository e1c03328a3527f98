import { describe, expect, it } from 'vitest'
import { InvalidSettingError, MissingTokenError } from './errors.js'

describe('session errors', () => {
  it('have stable names and codes', () => {
    expect(new MissingTokenError('x')).toMatchObject({ name: 'MissingTokenError', code: 'ERR_MISSING_TOKEN' })
    expect(MissingTokenError.name).toBe('MissingTokenError')
    expect(new InvalidSettingError('x')).toMatchObject({ name: 'InvalidSettingError', code: 'ERR_INVALID_SETTING' })
    expect(InvalidSettingError.name).toBe('InvalidSettingError')
  })
})

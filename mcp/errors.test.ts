import { describe, it, expect } from 'vitest'
import { MissingTokenError } from './errors.js'

describe('mcp errors', () => {
  it('MissingTokenError has a stable name', () => expect(new MissingTokenError('x').name).toBe('MissingTokenError'))
})

import { describe, it, expect } from 'vitest'
import { CidNotFoundError, UnsupportedContentError } from './errors.js'

describe('tools errors', () => {
  it('UnsupportedContentError has a stable name', () => expect(new UnsupportedContentError('x').name).toBe('UnsupportedContentError'))
  it('CidNotFoundError has a stable name', () => expect(new CidNotFoundError('x').name).toBe('CidNotFoundError'))
})

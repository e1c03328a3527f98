import { describe, it, expect } from 'vitest'
import { utf8ByteLength } from './utf8-byte-length.js'

describe('utf8ByteLength', () => {
  it('matches TextEncoder for ASCII, 2-, 3- and 4-byte characters and lone surrogates', () => {
    const enc = new TextEncoder()
    for (const s of ['', 'abc', 'café', '€uro', '日本語', '𝄞 music 🎉', 'a\uD800b', 'x\uDC00', '\uFEFFbom']) {
      expect(utf8ByteLength(s), s).toBe(enc.encode(s).length)
    }
  })
})

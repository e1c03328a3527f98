import { describe, it, expect } from 'vitest'
import { decodeUtf8 } from './decode-utf8.js'

describe('decodeUtf8', () => {
  it('keeps a byte order mark so offsets stay file offsets', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])
    const { text, valid } = decodeUtf8(bytes)
    expect(valid).toBe(true)
    expect(text).toBe('\uFEFFhi')
    expect(new TextEncoder().encode(text)).toEqual(bytes)
  })

  it('replaces invalid sequences and says so', () => {
    expect(decodeUtf8(new Uint8Array([0x61, 0xff, 0x62]))).toEqual({ text: 'a\uFFFDb', valid: false })
  })
})

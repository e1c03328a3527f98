import { describe, it, expect } from 'vitest'
import { BINARY_SNIFF_BYTES, isProbablyBinary } from './detect-binary.js'

const enc = new TextEncoder()
const PNG_HEADER = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52])

describe('isProbablyBinary', () => {
  it('flags PNG bytes, NUL bytes and invalid UTF-8', () => {
    expect(isProbablyBinary(PNG_HEADER)).toBe(true)
    expect(isProbablyBinary(PNG_HEADER.subarray(0, 8))).toBe(true)
    expect(isProbablyBinary(enc.encode('abc\0def'))).toBe(true)
    expect(isProbablyBinary(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toBe(true)
  })

  it('passes text, including empty input and multi-byte characters', () => {
    expect(isProbablyBinary(new Uint8Array())).toBe(false)
    expect(isProbablyBinary(enc.encode('# Titre\n\nCafé, 日本語, 🎉\n'))).toBe(false)
  })

  it('does not count a character cut by the 8 KiB boundary, but does count one cut at the end of the file', () => {
    const text = 'a'.repeat(BINARY_SNIFF_BYTES - 2) + '🎉 more text after the boundary'
    const bytes = enc.encode(text)
    expect(bytes[BINARY_SNIFF_BYTES - 1]).toBeGreaterThan(0x7f)
    expect(isProbablyBinary(bytes)).toBe(false)
    expect(isProbablyBinary(bytes.subarray(0, BINARY_SNIFF_BYTES))).toBe(true)
  })

  it('only looks at the first 8 KiB', () => {
    const bytes = new Uint8Array(BINARY_SNIFF_BYTES + 10).fill(0x61)
    bytes[BINARY_SNIFF_BYTES + 5] = 0
    expect(isProbablyBinary(bytes)).toBe(false)
  })
})

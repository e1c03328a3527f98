/**
 * UTF-8 byte length of a string, computed without allocating (same result as
 * `new TextEncoder().encode(s).length` and `Buffer.byteLength(s, 'utf8')`; a
 * lone surrogate counts as the 3 bytes of U+FFFD it encodes to).
 */
export function utf8ByteLength (s: string): number {
  let bytes = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) {
      bytes += 1
    } else if (c < 0x800) {
      bytes += 2
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else {
        bytes += 3
      }
    } else {
      bytes += 3
    }
  }
  return bytes
}

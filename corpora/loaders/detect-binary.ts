/** How many leading bytes {@link isProbablyBinary} looks at */
export const BINARY_SNIFF_BYTES = 8192

/**
 * Guess whether a file is binary from its first 8 KiB: it is when they hold a
 * NUL byte or are not valid UTF-8. A multi-byte character cut by the 8 KiB
 * boundary does not count as invalid; a truncated character at the very end
 * of the whole file does. Empty input is not binary.
 */
export function isProbablyBinary (bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, BINARY_SNIFF_BYTES)
  if (head.includes(0)) return true
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: bytes.length > head.length })
    return false
  } catch {
    return true
  }
}

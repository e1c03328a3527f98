/** Result of {@link decodeUtf8} */
export interface DecodedText {
  /** The decoded text; a leading byte order mark is kept as U+FEFF */
  text: string
  /** `false` when the bytes were not valid UTF-8 and U+FFFD replacements were made */
  valid: boolean
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const lenient = new TextDecoder('utf-8', { ignoreBOM: true })

/**
 * Decode bytes as UTF-8 verbatim: a byte order mark is kept, so for valid
 * UTF-8 the UTF-8 byte offsets into `text` equal byte offsets into `bytes`.
 * Invalid sequences become U+FFFD and `valid` is `false` (offsets then refer
 * to the decoded text only).
 */
export function decodeUtf8 (bytes: Uint8Array): DecodedText {
  try {
    return { text: strict.decode(bytes), valid: true }
  } catch {
    return { text: lenient.decode(bytes), valid: false }
  }
}

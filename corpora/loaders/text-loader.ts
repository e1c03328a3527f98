import { decodeUtf8 } from './decode-utf8.js'
import { fileTitle } from './file-title.js'
import type { DocumentLoader, LoadedDocument } from '../document.js'

/** Longest title taken from a text file's first line, in characters (code points) */
const MAX_TITLE = 120

/** A line made only of one repeated punctuation character: an RST adornment or a rule */
const ADORNMENT = /^([!-/:-@[-`{-~])\1+$/

/** First non-empty line that is not an adornment, trimmed and cut to {@link MAX_TITLE} characters */
function firstLineTitle (text: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || ADORNMENT.test(line)) continue
    return Array.from(line).slice(0, MAX_TITLE).join('').trim()
  }
  return undefined
}

/**
 * Loader for plain text (`.txt`, `.text`, `.rst`, `.log`). `text` is the file
 * decoded verbatim (byte offsets into `text` are byte offsets into the file);
 * `title` is the first non-empty line (trimmed, at most 120 characters; lines
 * that are only `====`-style adornments are passed over), else the file name
 * without extension. `metadata.invalidUtf8` is `true` when the file was not
 * valid UTF-8. Whitespace-only files give no documents.
 */
export const textLoader: DocumentLoader = {
  name: 'text',
  mediaType: 'text/plain',
  extensions: ['.txt', '.text', '.rst', '.log'],
  async load (bytes: Uint8Array, path: string): Promise<LoadedDocument[]> {
    const { text, valid } = decodeUtf8(bytes)
    if (text.trim() === '') return []
    return [{
      path,
      title: firstLineTitle(text) ?? fileTitle(path),
      mediaType: 'text/plain',
      text,
      metadata: valid ? {} : { invalidUtf8: true }
    }]
  }
}

import { decodeUtf8 } from './decode-utf8.js'
import { fileTitle } from './file-title.js'
import { parseFrontMatter } from './parse-front-matter.js'
import { utf8ByteLength } from './utf8-byte-length.js'
import type { DocumentLoader, DocumentPage, LoadedDocument } from '../document.js'

const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*))?$/
const PAGE_MARKER = /^ {0,3}##[ \t]+Page[ \t]+(\d+)[ \t]*$/
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/

/**
 * Plain text of an ATX heading's content: drops the closing `#` sequence,
 * HTML comments and tags, link and image targets, emphasis and code marks.
 */
function headingText (raw: string): string {
  return raw
    .replace(/(?:^|[ \t]+)#+[ \t]*$/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/\*(\S(?:[^*]*\S)?)\*/g, '$1')
    .replace(/(?<![\p{L}\p{N}])_(\S(?:[^_]*\S)?)_(?![\p{L}\p{N}])/gu, '$1')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Title from a front-matter `title` field, if it is a non-empty string or a number */
function frontMatterTitle (data: Record<string, unknown> | undefined): string | undefined {
  const title = data?.title
  if (typeof title === 'number') return String(title)
  if (typeof title === 'string' && title.trim() !== '') return title.trim()
  return undefined
}

interface Scan {
  heading?: string
  pages: DocumentPage[]
}

/**
 * Walk the lines from `start` (a string index at a line start whose UTF-8 byte
 * offset is `byteStart`), outside fenced code blocks, collecting the first ATX
 * heading and the `## Page N` markers with their byte ranges.
 */
function scanLines (text: string, start: number, byteStart: number): Scan {
  const scan: Scan = { pages: [] }
  let pos = start
  let bytes = byteStart
  let fence: { char: string, length: number } | undefined
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos)
    const end = nl === -1 ? text.length : nl + 1
    const raw = text.slice(pos, end)
    const line = raw.replace(/\r?\n$/, '').replace(/\r$/, '')
    if (fence != null) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line)
      if (close?.[1] != null && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined
    } else {
      const open = FENCE_OPEN.exec(line)
      const marker = open?.[1]
      if (marker != null && !(marker[0] === '`' && (open?.[2] ?? '').includes('`'))) {
        fence = { char: marker[0] ?? '`', length: marker.length }
      } else {
        const page = PAGE_MARKER.exec(line)
        if (page?.[1] != null) {
          const last = scan.pages.at(-1)
          if (last != null) last.byteEnd = bytes
          scan.pages.push({ number: Number(page[1]), byteStart: bytes, byteEnd: bytes })
        }
        if (scan.heading == null) {
          const heading = ATX_HEADING.exec(line)
          const title = heading == null ? '' : headingText(heading[1] ?? '')
          if (title !== '') scan.heading = title
        }
      }
    }
    bytes += utf8ByteLength(raw)
    pos = end
  }
  const last = scan.pages.at(-1)
  if (last != null) last.byteEnd = bytes
  return scan
}

/**
 * Loader for markdown (`.md`, `.markdown`, `.mdx`). `text` is the file
 * decoded verbatim (front matter, GitBook `{% hint %}` tags and all), so byte
 * offsets into `text` are byte offsets into the file.
 *
 * - `metadata.frontMatter`: the parsed YAML front matter, when there is one
 * - `metadata.frontMatterBytes`: UTF-8 byte length of the front-matter block
 *   including its closing `---` line (0 when none), so chunkers can skip it
 * - `metadata.invalidUtf8`: `true` when the file was not valid UTF-8
 * - `title`: front matter `title`, else the first ATX heading (outside code
 *   fences), else the file name without extension
 * - `pages`: for OCR text with `## Page N` marker lines, one range per marker,
 *   from the marker line to the next marker (or the end of the text)
 *
 * Whitespace-only files give no documents.
 */
export const markdownLoader: DocumentLoader = {
  name: 'markdown',
  mediaType: 'text/markdown',
  extensions: ['.md', '.markdown', '.mdx'],
  async load (bytes: Uint8Array, path: string): Promise<LoadedDocument[]> {
    const { text, valid } = decodeUtf8(bytes)
    if (text.trim() === '') return []
    const frontMatter = parseFrontMatter(text)
    const bodyStart = frontMatter?.end ?? 0
    const frontMatterBytes = utf8ByteLength(text.slice(0, bodyStart))
    const scan = scanLines(text, bodyStart, frontMatterBytes)
    const metadata: Record<string, unknown> = { frontMatterBytes }
    if (frontMatter != null) metadata.frontMatter = frontMatter.data
    if (!valid) metadata.invalidUtf8 = true
    const doc: LoadedDocument = {
      path,
      title: frontMatterTitle(frontMatter?.data) ?? scan.heading ?? fileTitle(path),
      mediaType: 'text/markdown',
      text,
      metadata
    }
    if (scan.pages.length > 0) doc.pages = scan.pages
    return [doc]
  }
}

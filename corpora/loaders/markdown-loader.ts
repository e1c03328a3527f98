import { decodeUtf8 } from './decode-utf8.js'
import { fileTitle } from './file-title.js'
import { parseFrontMatter } from './parse-front-matter.js'
import { headingText } from './heading-text.js'
import { scanMarkdown } from './scan-markdown.js'
import type { DocumentLoader, DocumentPage, LoadedDocument } from '../document.js'

/** An OCR page marker's heading text (`## Page 3`) */
const PAGE_MARKER = /^Page[ \t]+(\d+)$/

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
 * Walk the markdown blocks from `start` (a string index at a line start whose
 * UTF-8 byte offset is `byteStart`), collecting the first heading (ATX or
 * setext, outside code) and the `## Page N` markers with their byte ranges.
 */
function scanLines (text: string, start: number, byteStart: number): Scan {
  const scan: Scan = { pages: [] }
  let pos = start
  let bytes = byteStart
  for (const block of scanMarkdown(text, start)) {
    if (block.kind !== 'heading') continue
    const raw = text.slice(block.contentStart, block.contentEnd)
    const page = block.level === 2 && !block.setext ? PAGE_MARKER.exec(raw) : null
    if (page?.[1] != null) {
      bytes += Buffer.byteLength(text.slice(pos, block.start))
      pos = block.start
      const last = scan.pages.at(-1)
      if (last != null) last.byteEnd = bytes
      scan.pages.push({ number: Number(page[1]), byteStart: bytes, byteEnd: bytes })
    }
    if (scan.heading == null) {
      const title = headingText(raw)
      if (title !== '') scan.heading = title
    }
  }
  const last = scan.pages.at(-1)
  if (last != null) last.byteEnd = bytes + Buffer.byteLength(text.slice(pos))
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
 * - `title`: front matter `title`, else the first heading (ATX or setext,
 *   outside code fences: {@link scanMarkdown}), else the file name without extension
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
    const frontMatterBytes = Buffer.byteLength(text.slice(0, bodyStart))
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

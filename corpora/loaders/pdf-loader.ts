import type { getDocumentProxy } from 'unpdf'
import { CorpusLoadError } from './errors.js'
import { fileTitle } from './file-title.js'
import type { DocumentLoader, DocumentPage, LoadedDocument } from '../document.js'

/** PDF info dictionary entries copied to `metadata.info` when they are non-empty strings */
const INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate']

/** Separator between pages in the document text */
const PAGE_SEPARATOR = '\n\n'

type PdfProxy = Awaited<ReturnType<typeof getDocumentProxy>>

async function open (bytes: Uint8Array, path: string): Promise<PdfProxy> {
  try {
    // pdf.js may take ownership of the buffer, so hand it a copy; verbosity 0 keeps it quiet.
    // The copy must be a plain Uint8Array: pdf.js refuses a Buffer, and `slice()` of a
    // Buffer (bytes read from a file) is still a Buffer.
    // unpdf (pdf.js) loads with the first PDF, not with the loaders
    const { getDocumentProxy } = await import('unpdf')
    return await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 })
  } catch (err) {
    throw new CorpusLoadError(`Cannot read PDF ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err, path })
  }
}

/** Non-empty string entries of the PDF info dictionary listed in {@link INFO_KEYS} */
function pickInfo (info: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (info == null || typeof info !== 'object') return out
  for (const key of INFO_KEYS) {
    const value = (info as Record<string, unknown>)[key]
    if (typeof value === 'string' && value.trim() !== '') out[key] = value.trim()
  }
  return out
}

/**
 * Loader for PDF (`.pdf`) through `unpdf` (pdf.js). Each page's text layer is
 * extracted (items joined, line ends kept, trailing whitespace trimmed) and
 * pages are joined with a blank line (`\n\n`). `pages` holds every page,
 * 1-based, with its UTF-8 byte range inside `text` (empty pages get empty
 * ranges). `metadata.pageCount` is the page count, `metadata.info` the PDF
 * info strings (Title, Author, …), `metadata.lang` the document language when
 * set. `title` is the info Title, else the file name without extension.
 *
 * A PDF without a text layer (scans) gives no documents. An unreadable PDF
 * throws a `CorpusLoadError`.
 */
export const pdfLoader: DocumentLoader = {
  name: 'pdf',
  mediaType: 'application/pdf',
  extensions: ['.pdf'],
  async load (bytes: Uint8Array, path: string): Promise<LoadedDocument[]> {
    const pdf = await open(bytes, path)
    try {
      let pageTexts: string[]
      let meta: { info?: unknown } | null
      try {
        const { extractText } = await import('unpdf')
        pageTexts = (await extractText(pdf)).text.map(page => page.trimEnd())
        meta = await pdf.getMetadata()
      } catch (err) {
        throw new CorpusLoadError(`Cannot extract text from PDF ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err, path })
      }
      const text = pageTexts.join(PAGE_SEPARATOR)
      if (text.trim() === '') return []
      const pages: DocumentPage[] = []
      let offset = 0
      pageTexts.forEach((pageText, i) => {
        if (i > 0) offset += PAGE_SEPARATOR.length
        const length = Buffer.byteLength(pageText)
        pages.push({ number: i + 1, byteStart: offset, byteEnd: offset + length })
        offset += length
      })
      const info = pickInfo(meta?.info)
      const language = (meta?.info as Record<string, unknown> | undefined)?.Language
      const metadata: Record<string, unknown> = { pageCount: pdf.numPages, info }
      if (typeof language === 'string' && language.trim() !== '') metadata.lang = language.trim()
      return [{ path, title: info.Title ?? fileTitle(path), mediaType: 'application/pdf', text, metadata, pages }]
    } finally {
      await pdf.destroy()
    }
  }
}

import type { CID } from 'multiformats/cid'

/** One page of a paged document (PDF, OCR text with `## Page N` markers). */
export interface DocumentPage {
  /** 1-based page number as printed in the source */
  number: number
  /** UTF-8 byte offset of the page's first byte inside {@link Document.text} */
  byteStart: number
  /** UTF-8 byte offset one past the page's last byte inside {@link Document.text} */
  byteEnd: number
}

/**
 * A document loaded from a corpus.
 *
 * `text` is what gets chunked and cited. For markdown and plain text it is the
 * file's bytes decoded verbatim (front matter included), so byte offsets into
 * `text` are byte offsets into the file whose CID is `cid`. For HTML, PDF and
 * JSON the loader extracts text deterministically, so anyone holding the file
 * can re-run the loader and find the same bytes at the same offsets.
 */
export interface Document {
  /** CID of the file this document came from (inside the corpus DAG) */
  cid: CID
  /** Path inside the corpus, `/`-separated, no leading slash. JSON/JSONL records add `#<id>` */
  path: string
  /** Human title: front matter `title`, first heading, `<title>`, or the file name */
  title: string
  /** IANA media type of the source, e.g. `text/markdown`, `application/pdf` */
  mediaType: string
  /** The document text (see above) */
  text: string
  /** Loader metadata: markdown front matter, JSON record fields other than text, PDF info */
  metadata: Record<string, unknown>
  /** Pages, for paged sources (PDF, OCR text with page markers) */
  pages?: DocumentPage[]
}

/** What a loader returns for one file: zero or more documents without the file CID. */
export type LoadedDocument = Omit<Document, 'cid'>

/**
 * A loader turns a file's bytes into documents. Loaders are pure and
 * deterministic: the same bytes always give the same documents.
 */
export interface DocumentLoader {
  /** Short name, e.g. `markdown` */
  name: string
  /** Media type this loader produces documents for */
  mediaType: string
  /** File extensions (lower case, with dot) this loader handles */
  extensions: string[]
  /** Load documents from a file's bytes. `path` is the file's path inside the corpus. */
  load(bytes: Uint8Array, path: string): Promise<LoadedDocument[]>
}

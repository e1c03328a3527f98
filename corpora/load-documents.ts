import { listCorpusFiles } from './list-corpus-files.js'
import { fileTitle } from './loaders/file-title.js'
import { loadFile } from './loaders/load-file.js'
import { isDerivedTextBytes } from './ocr/derived-text-bytes.js'
import { readFile } from './read-file.js'
import type { Document, DocumentLoader } from './document.js'
import type { DerivedText } from './ocr/load-derivation.js'
import type { ProgressOptions } from './progress.js'
import type { UnixFSReader } from './unixfs-reader.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Counts gathered while loading */
export interface LoadSummary {
  files: number
  documents: number
  /** Files skipped, by reason (`binary`, `unsupported`, `empty`) */
  skipped: Record<string, number>
}

/** Options for {@link loadDocuments} */
export interface LoadDocumentsOptions extends AbortOptions, ProgressOptions {
  /** Loaders to use. @default the built-in loaders */
  loaders?: DocumentLoader[]
  /** Never fetch from the network. @default false */
  offline?: boolean
  /** Filled in as loading goes; read it after the iteration ends */
  summary?: LoadSummary
  /**
   * Derived texts (OCR of scans) by source path, from the corpus's derivation
   * DAG: a file listed here with the same CID is loaded as its derived text
   * (document CID = the derived text's CID, pages kept) instead of by its loader
   */
  derived?: ReadonlyMap<string, DerivedText>
}

/** A derived text as a document of its source file's path */
function derivedDocument (d: DerivedText): Document {
  return {
    cid: d.textCid,
    path: d.path,
    title: fileTitle(d.path),
    mediaType: 'text/plain',
    text: d.text,
    metadata: { derivedFrom: d.source.toString(), derivation: 'ocr', pageCount: d.pages.length },
    pages: d.pages
  }
}

/**
 * Stream the documents of a corpus: walks the DAG under `root` in path order,
 * reads each file and hands it to the loader for its type. Binary and
 * unsupported files are skipped and counted in `options.summary`.
 */
export async function * loadDocuments (fs: UnixFSReader, root: CID, options: LoadDocumentsOptions = {}): AsyncGenerator<Document> {
  const summary = options.summary ?? { files: 0, documents: 0, skipped: {} }
  for await (const file of listCorpusFiles(fs, root, options)) {
    summary.files++
    const derived = options.derived?.get(file.path)
    if (derived != null && derived.source.equals(file.cid)) {
      summary.documents++
      options.onProgress?.({ type: 'corpora:load:document', path: file.path, documents: summary.documents })
      yield derivedDocument(derived)
      continue
    }
    const bytes = await readFile(fs, file.cid, options)
    const { documents, skipped } = await loadFile(bytes, file.path, { loaders: options.loaders })
    if (skipped != null) {
      summary.skipped[skipped] = (summary.skipped[skipped] ?? 0) + 1
      continue
    }
    for (const doc of documents) {
      summary.documents++
      options.onProgress?.({ type: 'corpora:load:document', path: doc.path, documents: summary.documents })
      yield { ...doc, cid: file.cid }
    }
  }
}

/**
 * Load one document by the CID of its file and its path (the path picks the
 * loader; for JSON records the `#id` suffix picks the record). A CID that
 * holds the derived text of a scan (UTF-8 text at the path of a PDF or image)
 * loads as that text; `agent`'s verify checks its derivation record.
 */
export async function loadDocument (fs: UnixFSReader, cid: CID, path: string, options: LoadDocumentsOptions = {}): Promise<Document | undefined> {
  const filePath = path.includes('#') ? path.slice(0, path.indexOf('#')) : path
  const bytes = await readFile(fs, cid, options)
  if (isDerivedTextBytes(filePath, bytes)) return { ...derivedDocument({ path, source: cid, textCid: cid, text: new TextDecoder().decode(bytes), pages: [], records: new Map() }), metadata: { derivation: 'ocr' } }
  const { documents } = await loadFile(bytes, filePath, { loaders: options.loaders })
  const doc = documents.find(d => d.path === path) ?? (path === filePath ? documents[0] : undefined)
  return doc == null ? undefined : { ...doc, cid }
}

import { CorpusLoadError } from './errors.js'
import { fileExtension } from './file-extension.js'
import { fileTitle } from './file-title.js'
import type { DocumentLoader, LoadedDocument } from '../document.js'

/** Fields that may hold a record's text, in order of preference */
const TEXT_FIELDS = ['text', 'content', 'body', 'abstract', 'contents']
/** Fields that may hold a record's title, in order of preference */
const TITLE_FIELDS = ['title', 'name']
/** Fields that may hold a record's id, in order of preference */
const ID_FIELDS = ['_id', 'id', 'docid']

const LINE_DELIMITED = new Set(['.jsonl', '.ndjson'])

type Json = Record<string, unknown>

function isRecord (value: unknown): value is Json {
  return value != null && typeof value === 'object' && !Array.isArray(value)
}

function isScalar (value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

function message (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The records of a JSON (array → elements, object → itself) or JSONL file */
function parseRecords (source: string, path: string, lineDelimited: boolean): unknown[] {
  if (!lineDelimited) {
    let value: unknown
    try {
      value = JSON.parse(source)
    } catch (err) {
      throw new CorpusLoadError(`Malformed JSON in ${path}: ${message(err)}`, { cause: err, path })
    }
    return Array.isArray(value) ? value : isRecord(value) ? [value] : []
  }
  const records: unknown[] = []
  source.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    try {
      records.push(JSON.parse(line))
    } catch (err) {
      throw new CorpusLoadError(`Malformed JSON on line ${i + 1} of ${path}: ${message(err)}`, { cause: err, path, line: i + 1 })
    }
  })
  return records
}

/** One record as a document, or `undefined` when it has no (non-empty) text */
function toDocument (record: unknown, index: number, path: string, mediaType: string): LoadedDocument | undefined {
  if (!isRecord(record)) return undefined
  const textKey = TEXT_FIELDS.find(key => typeof record[key] === 'string')
  if (textKey == null) return undefined
  const titleKey = TITLE_FIELDS.find(key => typeof record[key] === 'string' && record[key].trim() !== '')
  const idKey = ID_FIELDS.find(key => (typeof record[key] === 'string' && record[key] !== '') || typeof record[key] === 'number')
  const body = record[textKey] as string
  const title = titleKey == null ? undefined : (record[titleKey] as string).trim()
  const id = idKey == null ? String(index) : String(record[idKey])
  const text = title == null ? body : body === '' ? title : `${title}\n\n${body}`
  if (text.trim() === '') return undefined
  const used = new Set([textKey, titleKey, idKey])
  const metadata = Object.fromEntries(Object.entries(record).filter(([key, value]) => !used.has(key) && isScalar(value)))
  return { path: `${path}#${id}`, title: title ?? `${fileTitle(path)}#${id}`, mediaType, text, metadata }
}

/**
 * Loader for JSON (`.json`: an array of records or one record object) and
 * JSON Lines (`.jsonl`, `.ndjson`: one record per non-empty line). Each record
 * with a string text field becomes one document:
 *
 * - text: the first of `text`, `content`, `body`, `abstract`, `contents`;
 *   with a title it is `${title}\n\n${body}`
 * - title: `title` or `name`, else `<file name>#<id>`
 * - id: `_id`, `id` or `docid`, else the 0-based record index; the document
 *   `path` is `${path}#${id}` (BEIR `corpus.jsonl` records get their `_id`)
 * - `metadata`: the record's other scalar fields
 *
 * Records without a text field (or with no text at all) are skipped. Malformed
 * JSON, or a malformed JSONL line, throws a `CorpusLoadError` naming the file
 * (and the 1-based line).
 */
export const jsonLoader: DocumentLoader = {
  name: 'json',
  mediaType: 'application/json',
  extensions: ['.json', '.jsonl', '.ndjson'],
  async load (bytes: Uint8Array, path: string): Promise<LoadedDocument[]> {
    const source = new TextDecoder('utf-8').decode(bytes)
    const lineDelimited = LINE_DELIMITED.has(fileExtension(path))
    const mediaType = lineDelimited ? 'application/x-ndjson' : 'application/json'
    const documents: LoadedDocument[] = []
    parseRecords(source, path, lineDelimited).forEach((record, index) => {
      const doc = toDocument(record, index, path, mediaType)
      if (doc != null) documents.push(doc)
    })
    return documents
  }
}

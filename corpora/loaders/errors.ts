/**
 * Errors thrown by the document loaders. Callers check `err.name` (stable),
 * not `instanceof`; `code` is a stable machine-readable string.
 *
 * @packageDocumentation
 */

/** Options for {@link CorpusLoadError} */
export interface CorpusLoadErrorOptions extends ErrorOptions {
  /** Path of the file (inside the corpus) that could not be loaded */
  path?: string
  /** 1-based line number, for line-oriented formats such as JSONL */
  line?: number
}

/** A file of a corpus could not be turned into documents (malformed JSON/JSONL, unreadable PDF, a loader failure) */
export class CorpusLoadError extends Error {
  static override name = 'CorpusLoadError'
  override name = 'CorpusLoadError'
  code = 'ERR_CORPUS_LOAD'
  /** Path of the file that could not be loaded, when known */
  path?: string
  /** 1-based line number of the offending line, when known */
  line?: number

  constructor (message: string, options: CorpusLoadErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    if (options.path !== undefined) this.path = options.path
    if (options.line !== undefined) this.line = options.line
  }
}

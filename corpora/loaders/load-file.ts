import { BINARY_SNIFF_BYTES, isProbablyBinary } from './detect-binary.js'
import { CorpusLoadError } from './errors.js'
import { defaultLoaders, loaderFor } from './loader-for.js'
import type { DocumentLoader, LoadedDocument } from '../document.js'

/** Options for {@link loadFile} */
export interface LoadFileOptions {
  /** Loaders to choose from. @default {@link defaultLoaders} */
  loaders?: DocumentLoader[]
  /** Checked before and after loading */
  signal?: AbortSignal
}

/** Why {@link loadFile} produced no documents for a file */
export type SkipReason = 'binary' | 'unsupported' | 'empty'

/** What {@link loadFile} returns */
export interface LoadFileResult {
  /** The file's documents (none when skipped) */
  documents: LoadedDocument[]
  /** Set when the file gave no documents */
  skipped?: SkipReason
}

/** Path used to find the fallback loader for files no loader claims */
const FALLBACK_PATH = 'fallback.txt'

/**
 * Load one file of a corpus with the loader for its extension.
 *
 * - Files no loader claims (`README`, `LICENSE`, `notes.cfg`) are loaded by
 *   the loader for `.txt` unless {@link isProbablyBinary} says they are binary
 *   (`skipped: 'binary'`); with no `.txt` loader among `loaders` they are
 *   `skipped: 'unsupported'`.
 * - Files for a `text/*` loader that hold a NUL byte in their first 8 KiB are
 *   `skipped: 'binary'` (invalid UTF-8 alone is tolerated and flagged by the
 *   loader).
 * - Empty files, and files the loader finds no text in, are `skipped: 'empty'`.
 *
 * A loader that fails throws a `CorpusLoadError` (its own, or one wrapping the
 * failure as `cause`) so the caller can skip or report the file by `err.name`.
 */
export async function loadFile (bytes: Uint8Array, path: string, options: LoadFileOptions = {}): Promise<LoadFileResult> {
  options.signal?.throwIfAborted()
  const loaders = options.loaders ?? defaultLoaders
  if (bytes.length === 0) return { documents: [], skipped: 'empty' }
  let loader = loaderFor(path, loaders)
  if (loader == null) {
    if (isProbablyBinary(bytes)) return { documents: [], skipped: 'binary' }
    loader = loaderFor(FALLBACK_PATH, loaders)
    if (loader == null) return { documents: [], skipped: 'unsupported' }
  } else if (loader.mediaType.startsWith('text/') && bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return { documents: [], skipped: 'binary' }
  }
  let documents: LoadedDocument[]
  try {
    documents = await loader.load(bytes, path)
  } catch (err) {
    if ((err as { name?: unknown } | null)?.name === 'CorpusLoadError') throw err
    throw new CorpusLoadError(`The ${loader.name} loader failed on ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err, path })
  }
  options.signal?.throwIfAborted()
  return documents.length > 0 ? { documents } : { documents, skipped: 'empty' }
}

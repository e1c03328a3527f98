import { fileExtension } from './file-extension.js'
import { htmlLoader } from './html-loader.js'
import { jsonLoader } from './json-loader.js'
import { markdownLoader } from './markdown-loader.js'
import { pdfLoader } from './pdf-loader.js'
import { textLoader } from './text-loader.js'
import type { DocumentLoader } from '../document.js'

/** The built-in loaders: markdown, HTML, PDF, JSON/JSONL and plain text */
export const defaultLoaders: DocumentLoader[] = [markdownLoader, htmlLoader, pdfLoader, jsonLoader, textLoader]

/**
 * The loader for a path, chosen by its extension (case-insensitive): the
 * first of `loaders` that lists it. `undefined` when none does or the path
 * has no extension.
 */
export function loaderFor (path: string, loaders: DocumentLoader[] = defaultLoaders): DocumentLoader | undefined {
  const ext = fileExtension(path)
  if (ext === '') return undefined
  return loaders.find(loader => loader.extensions.some(e => e.toLowerCase() === ext))
}

import { fileTitle } from './file-title.js'
import type { DocumentLoader, LoadedDocument } from '../document.js'
import type { HtmlToTextOptions, SelectorDefinition } from 'html-to-text'

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']
const NOISE = ['head', 'title', 'script', 'style', 'noscript', 'template', 'nav', 'svg', 'canvas', 'iframe', 'object', 'embed', 'img', 'picture', 'video', 'audio', 'button', 'select']

const selectors: SelectorDefinition[] = [
  ...NOISE.map(selector => ({ selector, format: 'skip' })),
  ...HEADINGS.map(selector => ({ selector, options: { uppercase: false } })),
  { selector: 'a', options: { ignoreHref: true } },
  { selector: 'table', format: 'block' },
  { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  { selector: 'td', format: 'inlineSurround', options: { suffix: '\t' } },
  { selector: 'th', format: 'inlineSurround', options: { suffix: '\t' } }
]

const TEXT_OPTIONS: HtmlToTextOptions = { wordwrap: false, selectors }

const TITLE_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  baseElements: { selectors: ['title', 'h1'], orderBy: 'selectors', returnDomByDefault: false },
  selectors: [
    ...HEADINGS.map(selector => ({ selector, options: { uppercase: false } })),
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' }
  ]
}

/** Trailing whitespace off every line, at most one blank line in a row, no blank lines around */
function tidy (text: string): string {
  return text.split('\n').map(line => line.trimEnd()).join('\n').replace(/\n{3,}/g, '\n\n').trim()
}

/** The character encoding: a byte order mark, else a `<meta charset>` in the first 1 KiB, else UTF-8 */
function sniffEncoding (bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024))
  const label = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1]
  if (label == null) return 'utf-8'
  try {
    return new TextDecoder(label).encoding
  } catch {
    return 'utf-8'
  }
}

/** The `lang` attribute of the `<html>` element, if any */
function htmlLang (html: string): string | undefined {
  const tag = /<html\b[^>]*>/i.exec(html.replace(/<!--[\s\S]*?-->/g, ''))?.[0]
  const m = tag == null ? null : /\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag)
  const lang = (m?.[1] ?? m?.[2] ?? m?.[3] ?? '').trim()
  return lang === '' ? undefined : lang
}

/**
 * Loader for HTML (`.html`, `.htm`), text only, through `html-to-text`:
 * scripts, styles, navigation, images and form controls are dropped; headings
 * keep their case on lines of their own; links keep their text, not their
 * URL; table rows become lines with tab-separated cells; lines are not
 * wrapped, trailing whitespace is trimmed and blank lines are collapsed.
 * The output is deterministic for given bytes.
 *
 * `title` is the `<title>`, else the first `<h1>`, else the file name without
 * extension; `metadata.lang` is the `<html lang>` attribute when present. The
 * encoding comes from a byte order mark or `<meta charset>` (default UTF-8).
 * Pages without text give no documents.
 */
export const htmlLoader: DocumentLoader = {
  name: 'html',
  mediaType: 'text/html',
  extensions: ['.html', '.htm'],
  async load (bytes: Uint8Array, path: string): Promise<LoadedDocument[]> {
    const html = new TextDecoder(sniffEncoding(bytes)).decode(bytes)
    // html-to-text loads with the first HTML document, not with the loaders
    const { convert } = await import('html-to-text')
    const text = tidy(convert(html, TEXT_OPTIONS))
    if (text === '') return []
    const title = convert(html, TITLE_OPTIONS).split('\n').map(line => line.trim()).find(line => line !== '')
    const lang = htmlLang(html)
    return [{
      path,
      title: title ?? fileTitle(path),
      mediaType: 'text/html',
      text,
      metadata: lang == null ? {} : { lang }
    }]
  }
}

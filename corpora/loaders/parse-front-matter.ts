import { createRequire } from 'node:module'
import type * as YamlTypes from 'yaml'

let yaml: typeof YamlTypes | undefined

/** YAML front matter found at the start of a markdown file */
export interface FrontMatter {
  /** The parsed YAML mapping (`{}` for an empty block) */
  data: Record<string, unknown>
  /** String index one past the block: after the closing `---` line and its line break */
  end: number
}

const OPEN = /^\uFEFF?---[ \t]*\r?\n/
const CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/gm

/**
 * Find and parse a YAML front-matter block: the text (optionally after a
 * byte order mark) starts with a `---` line and a later line is `---` (or
 * `...`). Returns `undefined` when there is no such block, when its YAML does
 * not parse, or when it is not a mapping (so a leading thematic break is not
 * mistaken for front matter). Never throws and never prints.
 */
export function parseFrontMatter (text: string): FrontMatter | undefined {
  const open = OPEN.exec(text)
  if (open == null) return undefined
  const re = new RegExp(CLOSE)
  re.lastIndex = open[0].length
  const close = re.exec(text)
  if (close == null) return undefined
  let end = close.index + close[0].length
  if (text[end] === '\n') end++
  const source = text.slice(open[0].length, close.index)
  let value: unknown
  try {
    // the yaml parser loads with the first front matter, not with the loaders
    yaml ??= createRequire(import.meta.url)('yaml') as typeof YamlTypes
    const doc = yaml.parseDocument(source, { uniqueKeys: false })
    if (doc.errors.length > 0) return undefined
    value = doc.toJS({ maxAliasCount: 100 })
  } catch {
    return undefined
  }
  if (value == null) return { data: {}, end }
  if (typeof value !== 'object' || Array.isArray(value)) return undefined
  return { data: value as Record<string, unknown>, end }
}

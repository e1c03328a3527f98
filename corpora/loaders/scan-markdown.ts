/**
 * The one markdown block scanner (CommonMark rules for the blocks Quarry
 * cares about): fenced code blocks and ATX and setext headings, inside or
 * outside list items. The markdown loader, the chunker and the sentence
 * splitter all read markdown through it.
 *
 * @packageDocumentation
 */

/** A fenced code block, from its opening fence line to its closing fence line (or where it stops) */
export interface MarkdownCode {
  kind: 'code'
  /** Offset (UTF-16) of the opening fence line's first character */
  start: number
  /** Offset just past the block's last line, before its line break */
  end: number
  /** The opening fence (three or more backticks or tildes) */
  fence: string
  /** The info string after the opening fence, trimmed (`ts`, `bash title="x"`) */
  info: string
  /** Whether a closing fence ended it (false: the end of the text or of its list item did) */
  closed: boolean
}

/** An ATX (`## Title`) or setext (`Title` underlined with `===` or `---`) heading */
export interface MarkdownHeading {
  kind: 'heading'
  /** Offset of the heading's first line (for setext: its first text line) */
  start: number
  /** Offset just past its last line (for setext: the underline), before the line break */
  end: number
  /** 1–6 (setext: 1 for `===`, 2 for `---`) */
  level: number
  /** Whether it is a setext heading */
  setext: boolean
  /** Where its raw text starts: after `#`s and spaces, or the first text line's content */
  contentStart: number
  /** Where its raw text ends: before a closing `#` sequence and trailing spaces */
  contentEnd: number
}

/** Any other line: paragraph text, blank, list item, quote, table row, thematic break, HTML, indented code */
export interface MarkdownLine {
  kind: 'line'
  /** Offset of the line's first character */
  start: number
  /** Offset just past its last character, before `\n` or `\r\n` */
  end: number
}

/** One block of {@link scanMarkdown}'s output; together they cover every line in order */
export type MarkdownBlock = MarkdownCode | MarkdownHeading | MarkdownLine

/** A line with its indentation measured (tabs to the next multiple of 4 columns) */
interface Line { start: number, end: number, indent: number, contentAt: number, blank: boolean }

/** An open paragraph: its lines wait until it is known whether an underline makes them a heading */
interface Paragraph { lines: MarkdownLine[], contentStart: number, contentEnd: number, depth: number, setextable: boolean }

const FENCE_OPEN = /^(`{3,}|~{3,})([^\n]*)$/
const ATX = /^(#{1,6})(?:[ \t]+|$)/
const ATX_CLOSE = /(?:^|[ \t]+)#+[ \t]*$/
const SETEXT_UNDERLINE = /^(=+|-+)[ \t]*$/
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const LIST_ITEM = /^(?:[-+*]|(\d{1,9})[.)])(?=[ \t]|$)/

function * lines (text: string, from: number): Generator<Line> {
  for (let pos = from; pos < text.length;) {
    const nl = text.indexOf('\n', pos)
    const next = nl === -1 ? text.length : nl + 1
    const end = nl === -1 ? text.length : (nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl)
    let indent = 0
    let at = pos
    for (; at < end; at++) {
      const c = text.charCodeAt(at)
      if (c === 32) indent++
      else if (c === 9) indent += 4 - (indent % 4)
      else break
    }
    yield { start: pos, end, indent, contentAt: at, blank: at === end }
    pos = next
  }
}

/** Columns from `at` over spaces and tabs, starting at column `column`; returns the new column and offset */
function skipSpaces (text: string, at: number, end: number, column: number): [number, number] {
  for (; at < end; at++) {
    const c = text.charCodeAt(at)
    if (c === 32) column++
    else if (c === 9) column += 4 - (column % 4)
    else break
  }
  return [column, at]
}

/** Raw content range of an ATX heading whose marker ends at `at` */
function atxContent (text: string, at: number, end: number): [number, number] {
  const rest = text.slice(at, end)
  const close = ATX_CLOSE.exec(rest)
  let stop = close === null ? end : at + close.index
  while (stop > at && (text[stop - 1] === ' ' || text[stop - 1] === '\t')) stop--
  return [at, stop]
}

/**
 * Scan markdown from offset `from` (e.g. after front matter) into blocks, in
 * order, following CommonMark:
 *
 * - a code fence opens with 3+ backticks or tildes indented at most 3 spaces
 *   (relative to the list item it is in); a backtick fence's info string has
 *   no backtick; it closes with a fence of the same character, at least as
 *   long, indented at most 3 spaces, with nothing after it but spaces, or
 *   when a line leaves its list item, or at the end of the text;
 * - an ATX heading is 1–6 `#` followed by a space or the line end, indented
 *   at most 3 spaces; a closing `#` sequence after a space is not content;
 * - a setext heading is a paragraph followed by an underline of `=` (level
 *   1) or `-` (level 2) in the same container; without a paragraph, `---` is
 *   a thematic break;
 * - lines indented 4+ spaces outside a paragraph are indented code (plain lines).
 *
 * Block quotes are not containers here: a quoted fence is text, and a quoted
 * paragraph is never a setext heading.
 */
export function * scanMarkdown (text: string, from = 0): Generator<MarkdownBlock> {
  /** Content columns of the open list items, innermost last */
  const items: number[] = []
  let para: Paragraph | undefined
  let code: OpenCode | undefined
  const closeParagraph = function * (): Generator<MarkdownBlock> {
    if (para !== undefined) yield * para.lines
    para = undefined
  }
  for (const line of lines(text, from)) {
    const plain: MarkdownLine = { kind: 'line', start: line.start, end: line.end }
    if (code !== undefined) {
      // a line outside the code's list item ends the block (and the item)
      if (line.blank || line.indent >= code.base) {
        code.block.end = line.end
        if (!line.blank && line.indent - code.base <= 3 && code.closer.test(text.slice(line.contentAt, line.end))) {
          yield { ...code.block, closed: true }
          code = undefined
        }
        continue
      }
      yield code.block
      code = undefined
    }
    if (line.blank) {
      yield * closeParagraph()
      yield plain
      continue
    }
    let depth = items.length
    while (depth > 0 && (items[depth - 1] ?? 0) > line.indent) depth--
    const base = depth > 0 ? (items[depth - 1] ?? 0) : 0
    const block = startBlock(text, line, line.contentAt, line.indent - base, base, para, depth)
    if (block === undefined) {
      // paragraph text: a continuation (lazy or not), indented code, or a new paragraph
      if (para !== undefined) {
        para.lines.push(plain)
        para.contentEnd = trimEnd(text, line.start, line.end)
        continue
      }
      items.length = depth
      if (line.indent - base >= 4) yield plain
      else para = paragraph(text, plain, line.contentAt, depth)
      continue
    }
    items.length = depth
    if (block.kind === 'underline' && para !== undefined) {
      const start = para.lines[0]?.start ?? line.start
      yield { kind: 'heading', start, end: line.end, level: block.level, setext: true, contentStart: para.contentStart, contentEnd: para.contentEnd }
      para = undefined
      continue
    }
    yield * closeParagraph()
    let inner: Start | undefined = block
    if (block.kind === 'item') {
      items.push(...block.columns)
      inner = block.inner
      if (inner === undefined) {
        if (block.contentAt < line.end) para = paragraph(text, plain, block.contentAt, items.length)
        else yield plain
        continue
      }
    }
    if (inner.kind === 'code') code = inner
    else if (inner.kind === 'heading') yield inner
    else yield plain
  }
  if (code !== undefined) yield code.block
  yield * closeParagraph()
}

/** A paragraph's first line; one that starts a block quote never becomes a setext heading */
function paragraph (text: string, line: MarkdownLine, contentAt: number, depth: number): Paragraph {
  return { lines: [line], contentStart: contentAt, contentEnd: trimEnd(text, line.start, line.end), depth, setextable: text[contentAt] !== '>' }
}

function trimEnd (text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--
  return end
}

/** A fenced code block being read: its block, its list item's content column and its closing fence */
interface OpenCode { kind: 'code', block: MarkdownCode, base: number, closer: RegExp }

type Start =
  | OpenCode
  | MarkdownHeading
  | { kind: 'underline', level: number }
  | { kind: 'break' }
  | { kind: 'item', columns: number[], contentAt: number, inner?: OpenCode | MarkdownHeading }

/**
 * What block a line starts at `at` (relative indentation `rel`, container
 * column `base`), or undefined for paragraph text. A line that could only
 * continue an open paragraph (an underline without one, an ordered item not
 * numbered 1) is paragraph text when one is open.
 */
function startBlock (text: string, line: Line, at: number, rel: number, base: number, para: Paragraph | undefined, depth: number): Start | undefined {
  if (rel > 3) return undefined
  const rest = text.slice(at, line.end)
  const fence = FENCE_OPEN.exec(rest)
  if (fence?.[1] !== undefined && !(fence[1][0] === '`' && (fence[2] ?? '').includes('`'))) {
    const block: MarkdownCode = { kind: 'code', start: line.start, end: line.end, fence: fence[1], info: (fence[2] ?? '').trim(), closed: false }
    return { kind: 'code', block, base, closer: new RegExp(`^\\${fence[1][0] ?? '`'}{${fence[1].length},}[ \\t]*$`) }
  }
  const atx = ATX.exec(rest)
  if (atx?.[1] !== undefined) {
    const [contentStart, contentEnd] = atxContent(text, at + atx[0].length, line.end)
    return { kind: 'heading', start: line.start, end: line.end, level: atx[1].length, setext: false, contentStart, contentEnd }
  }
  const underline = SETEXT_UNDERLINE.exec(rest)
  if (underline?.[1] !== undefined && para?.setextable === true && para.depth === depth) {
    return { kind: 'underline', level: underline[1][0] === '=' ? 1 : 2 }
  }
  if (THEMATIC_BREAK.test(rest)) return { kind: 'break' }
  return listItem(text, line, at, rel, base, para)
}

/** A list item starting at `at`: the content columns it opens and a fence or heading on its first line */
function listItem (text: string, line: Line, at: number, rel: number, base: number, para: Paragraph | undefined): Start | undefined {
  const marker = LIST_ITEM.exec(text.slice(at, line.end))
  if (marker === null) return undefined
  const markerEnd = at + marker[0].length
  const empty = markerEnd >= line.end || text.slice(markerEnd, line.end).trim() === ''
  // inside a paragraph only bullets and items numbered 1 with content start a list
  if (para !== undefined && (empty || (marker[1] !== undefined && marker[1] !== '1'))) return undefined
  const markerColumn = base + rel + marker[0].length
  const [column, contentAt] = skipSpaces(text, markerEnd, line.end, markerColumn)
  // 5+ spaces after the marker: the content is indented code, one space belongs to the marker
  const contentColumn = empty || column - markerColumn > 4 ? markerColumn + 1 : column
  const item: Start = { kind: 'item', columns: [contentColumn], contentAt: empty ? line.end : contentAt }
  if (empty || column - markerColumn > 4) return item
  const inner = startBlock(text, line, contentAt, 0, contentColumn, undefined, 0)
  if (inner?.kind === 'code' || inner?.kind === 'heading') {
    item.inner = inner
  } else if (inner?.kind === 'item') {
    // a nested item on the same line (`- 1. foo`)
    item.columns.push(...inner.columns)
    item.contentAt = inner.contentAt
    if (inner.inner !== undefined) item.inner = inner.inner
  }
  return item
}

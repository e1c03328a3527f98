import { scanMarkdown } from '../../corpora/index.js'

/** What kind of text a {@link SentenceSpan} is, so scorers can prefer prose */
export type SentenceKind = 'prose' | 'list' | 'heading' | 'code' | 'table' | 'tag' | 'html' | 'frontmatter'

/** A sentence (or other markdown unit) and its character offsets in the source text */
export interface SentenceSpan {
  /** Exactly `source.slice(start, end)`; never empty, no surrounding whitespace */
  text: string
  /** Offset (UTF-16 code units) of the first character */
  start: number
  /** Offset one past the last character */
  end: number
  /** Prose sentence, list item sentence, heading text, fenced code block, table row, GitBook tag, HTML line or front matter */
  kind: SentenceKind
}

/** Options for {@link splitSentences} */
export interface SplitOptions {
  /**
   * The text's line breaks are layout, not structure (OCR and PDF pages,
   * where every printed line may be its own paragraph): sentences run on
   * across line breaks and blank lines; only headings (`## Page 2`) and
   * rules separate them. A run-on "sentence" of more than
   * {@link MAX_WRAPPED_WORDS} words (a form, a list of names) is cut at line
   * breaks.
   */
  wrapped?: boolean
}

/** Longest sentence of wrapped text, in words, before it is cut at line breaks */
export const MAX_WRAPPED_WORDS = 50
/** Words a piece of a cut run-on sentence has at least */
const MIN_WRAPPED_WORDS = 12

/** Abbreviations whose trailing period does not end a sentence */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'eg', 'ie', 'vs', 'cf', 'al', 'approx', 'mr', 'mrs', 'ms', 'dr', 'prof', 'inc', 'ltd', 'jr', 'sr', 'st', 'dept', 'est', 'resp', 'viz', 'ca'])
/** Abbreviations that only shorten a word when a number follows (`No. 5`, `Fig. 2`) */
const NUMBER_ABBREVIATIONS = new Set(['no', 'nos', 'fig', 'figs', 'vol', 'p', 'pp', 'eq', 'sec', 'ch', 'art', 'v'])
/** Characters that may follow a sentence's final punctuation and still belong to it */
const CLOSERS = '.!?)]"\'’”*_'
/** Characters that may open a new sentence */
const OPENER = /[\p{Lu}\p{N}"“'‘([*_`<#]/u
const HAS_WORD = /[\p{L}\p{N}]/u

/**
 * Split text (usually markdown) into sentences with character offsets, such
 * that `text.slice(start, end) === span.text`. Block structure is respected
 * (fences and headings as `scanMarkdown` reads them, CommonMark):
 * headings, list items, table rows, fenced code blocks, GitBook `{% … %}` tags,
 * HTML lines and front matter are separate spans with their own `kind`;
 * paragraphs and list items are split into sentences at `.`, `!` and `?`
 * followed by whitespace and a capital, a digit or an opening mark, never
 * inside inline code, link targets or URLs, nor after abbreviations such as
 * "e.g." or "U.S.".
 */
export function splitSentences (text: string, options: SplitOptions = {}): SentenceSpan[] {
  if (options.wrapped === true) return splitWrapped(text)
  const out: SentenceSpan[] = []
  let para: { start: number, end: number, kind: 'prose' | 'list' } | undefined
  let inEmbed = false
  const flush = (): void => {
    if (para !== undefined) {
      splitParagraph(text, para.start, para.end, para.kind, out)
      para = undefined
    }
  }
  const emit = (start: number, end: number, kind: SentenceKind): void => pushTrimmed(text, start, end, kind, out)

  let pos = 0
  const frontMatter = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/.exec(text)
  if (frontMatter !== null) {
    emit(0, frontMatter[0].length, 'frontmatter')
    pos = frontMatter[0].length
  }

  for (const block of scanMarkdown(text, pos)) {
    if (block.kind !== 'line') {
      flush()
      if (block.kind === 'code') emit(block.start, block.end, 'code')
      else emit(block.contentStart, block.contentEnd, 'heading')
      continue
    }
    const { trimmed, contentStart, contentEnd } = textLine(text, block.start, block.end)
    if (trimmed === '' || /^>\s*$/.test(trimmed)) {
      flush()
    } else if (/^\{%.*%\}$/.test(trimmed) && !/%\}.*\{%/.test(trimmed)) {
      flush()
      emit(contentStart, contentEnd, 'tag')
      if (/^\{%-?\s*embed\b/.test(trimmed)) inEmbed = true
      if (/^\{%-?\s*endembed\b/.test(trimmed)) inEmbed = false
    } else if (inEmbed) {
      emit(contentStart, contentEnd, 'tag')
    } else if (trimmed.startsWith('|')) {
      flush()
      if (!/^\|?[\s:|-]+\|?$/.test(trimmed)) emit(contentStart, contentEnd, 'table')
    } else if (/^<\/?[a-zA-Z!]/.test(trimmed)) {
      flush()
      emit(contentStart, contentEnd, 'html')
    } else if (/^([-*_])(\s*\1){2,}$/.test(trimmed)) {
      flush()
    } else {
      const item = /^([*+-]|\d{1,3}[.)])\s+(\[[ xX]\]\s+)?/.exec(trimmed)
      if (item !== null) {
        flush()
        para = { start: contentStart + item[0].length, end: contentEnd, kind: 'list' }
      } else if (para !== undefined) {
        para.end = contentEnd
      } else {
        const quote = /^>\s?/.exec(trimmed)?.[0].length ?? 0
        para = { start: contentStart + quote, end: contentEnd, kind: 'prose' }
      }
    }
  }
  flush()
  return out
}

/** A line of text: its content without surrounding whitespace, and where that content starts and ends */
interface TextLine {
  trimmed: string
  contentStart: number
  contentEnd: number
}

/** The line `[start, end)` of `text` with its trimmed content */
function textLine (text: string, start: number, end: number): TextLine {
  const line = text.slice(start, end)
  return { trimmed: line.trim(), contentStart: start + (line.length - line.trimStart().length), contentEnd: start + line.trimEnd().length }
}

/** Ranges `[start, end)` in which sentence punctuation is not a boundary */
function protectedRanges (text: string, start: number, end: number): Array<[number, number]> {
  const slice = text.slice(start, end)
  const ranges: Array<[number, number]> = []
  for (const re of [/`[^`]+`/g, /\]\([^)\s]*\)/g, /<https?:[^>\s]*>/g, /\b(https?|ipfs|ipns):\/\/[^\s<>()\]]*[^\s<>()\].,;:!?'"]/g, /\b[\w-]+(\.[\w-]+)+\/([^\s)]*[^\s).,;:!?'"])?/g]) {
    for (const m of slice.matchAll(re)) {
      ranges.push([start + m.index, start + m.index + m[0].length])
    }
  }
  return ranges
}

/** Split one paragraph or list item into sentences, emitting inline `{% … %}` tags as their own spans */
function splitParagraph (text: string, start: number, end: number, kind: 'prose' | 'list', out: SentenceSpan[]): void {
  const tag = /\{%.*?%\}/g
  tag.lastIndex = start
  let segStart = start
  for (let m = tag.exec(text); m !== null && m.index < end; m = tag.exec(text)) {
    splitText(text, segStart, m.index, kind, out)
    pushTrimmed(text, m.index, m.index + m[0].length, 'tag', out)
    segStart = m.index + m[0].length
  }
  splitText(text, segStart, end, kind, out)
}

/** Split a stretch of running text at sentence boundaries */
function splitText (text: string, start: number, end: number, kind: 'prose' | 'list', out: SentenceSpan[]): void {
  const ranges = protectedRanges(text, start, end)
  const isProtected = (i: number): boolean => ranges.some(([s, e]) => i >= s && i < e)
  let segStart = start
  for (let i = start; i < end; i++) {
    const c = text[i] ?? ''
    if ((c !== '.' && c !== '!' && c !== '?') || isProtected(i)) continue
    let j = i + 1
    while (j < end && CLOSERS.includes(text[j] ?? '')) j++
    if (j < end && !/\s/.test(text[j] ?? '')) continue
    let k = j
    while (k < end && /\s/.test(text[k] ?? '')) k++
    if (k >= end) break
    if (!OPENER.test(text[k] ?? '')) continue
    if (c === '.' && isAbbreviation(text, start, i, text[k] ?? '')) continue
    pushTrimmed(text, segStart, j, kind, out)
    segStart = k
    i = k - 1
  }
  pushTrimmed(text, segStart, end, kind, out)
}

/** Whether the period at `dot` ends an abbreviation rather than a sentence */
function isAbbreviation (text: string, floor: number, dot: number, next: string): boolean {
  let s = dot
  while (s > floor && /[\p{L}.]/u.test(text[s - 1] ?? '')) s--
  const word = text.slice(s, dot)
  const lower = word.toLowerCase()
  if (ABBREVIATIONS.has(lower)) return true
  if (NUMBER_ABBREVIATIONS.has(lower) && /\d/.test(next)) return true
  // initials and dotted acronyms: "J. Smith", "U.S.", "e.g"
  return /^\p{Lu}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word)
}

/** Push `[start, end)` without surrounding whitespace, if it contains a letter or digit */
function pushTrimmed (text: string, start: number, end: number, kind: SentenceKind, out: SentenceSpan[]): void {
  while (start < end && /\s/.test(text[start] ?? '')) start++
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--
  if (end <= start) return
  const span = text.slice(start, end)
  if (kind !== 'code' && !HAS_WORD.test(span)) return
  out.push({ text: span, start, end, kind })
}

/** {@link splitSentences} for wrapped text (OCR): headings and rules apart, everything else one running paragraph */
function splitWrapped (text: string): SentenceSpan[] {
  const out: SentenceSpan[] = []
  let para: { start: number, end: number } | undefined
  const flush = (): void => {
    if (para === undefined) return
    const spans: SentenceSpan[] = []
    splitText(text, para.start, para.end, 'prose', spans)
    for (const span of spans) out.push(...cutRunOn(text, span))
    para = undefined
  }
  for (const line of wrappedLines(text)) {
    if (line.heading !== undefined) {
      flush()
      pushTrimmed(text, line.heading[0], line.heading[1], 'heading', out)
      continue
    }
    const { trimmed, contentStart, contentEnd } = textLine(text, line.start, line.end)
    if (/^([-*_])(\s*\1){2,}$/.test(trimmed)) {
      flush()
    } else if (trimmed !== '') {
      if (para === undefined) para = { start: contentStart, end: contentEnd }
      else para.end = contentEnd
    }
  }
  flush()
  return out
}

/**
 * The lines of wrapped text, ATX headings (as `scanMarkdown` reads them) with
 * their content range; everything else, fenced code and setext headings
 * included, as plain lines: in wrapped text only headings are structure.
 */
function * wrappedLines (text: string): Generator<{ start: number, end: number, heading?: [number, number] }> {
  for (const block of scanMarkdown(text)) {
    if (block.kind === 'heading' && !block.setext) {
      yield { start: block.start, end: block.end, heading: [block.contentStart, block.contentEnd] }
      continue
    }
    for (let start = block.start; start <= block.end;) {
      const nl = text.indexOf('\n', start)
      const end = nl === -1 || nl > block.end ? block.end : nl
      yield { start, end }
      start = end + 1
    }
  }
}

/** Cut a sentence of more than {@link MAX_WRAPPED_WORDS} words at line breaks into pieces of about that size */
function cutRunOn (text: string, span: SentenceSpan): SentenceSpan[] {
  const count = (s: string): number => (s.match(/\S+/g) ?? []).length
  if (count(span.text) <= MAX_WRAPPED_WORDS) return [span]
  const out: SentenceSpan[] = []
  let start = span.start
  let words = 0
  const re = /\S+|\n/g
  re.lastIndex = span.start
  for (let m = re.exec(text); m !== null && m.index < span.end; m = re.exec(text)) {
    if (m[0] === '\n') {
      // a break before a capital after enough words, or anywhere when the piece is full
      const next = /\S/.exec(text.slice(m.index, span.end))?.[0] ?? ''
      if (words >= MAX_WRAPPED_WORDS || (words >= MIN_WRAPPED_WORDS && /\p{Lu}|\d/u.test(next) && words >= MAX_WRAPPED_WORDS / 2)) {
        pushTrimmed(text, start, m.index, 'prose', out)
        start = m.index
        words = 0
      }
      continue
    }
    words++
  }
  pushTrimmed(text, start, span.end, 'prose', out)
  return out
}

import { scanMarkdown } from '../../corpora/index.js'
import { ENGLISH_STOPWORDS } from '../../indexes/index.js'

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
   * across line breaks and blank lines; headings (`## Page 2`) and rules
   * separate them, and so does the layout: a line before a numbered
   * paragraph (`2. Changes were…`), and a short line (a letterhead, a date,
   * a title) that does not run on into the next. A run-on "sentence" of more than
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
/** Words no clause ends on (the search's stopwords and a few more): a line or span that stops on one goes on */
const CONTINUING: ReadonlySet<string> = new Set([...ENGLISH_STOPWORDS, 'from', 'which', 'who', 'whom', 'whose', 'were', 'has', 'had', 'have', 'been', 'being', 'than', 'whether', 'because', 'while', 'including', 'involving', 'particularly', 'especially', 'namely', 'whereas', 'although', 'though', 'upon', 'onto', 'toward', 'towards', 'within', 'without', 'between', 'among', 'against', 'during', 'after', 'before', 'under', 'over', 'about', 'would', 'could', 'should', 'shall', 'may', 'might', 'must', 'can', 'did', 'does', 'do', 'his', 'her', 'its', 'our', 'your', 'my'])
/** A paragraph number or letter opening a line: `2. `, `10) `, `(b) `, `a. ` */
const ENUMERATOR = /^(\d{1,3}[.)]|\p{Ll}[.)]|\(\p{L}{1,3}\)|\(\d{1,3}\))\s+\S/u
/** A line shorter than this share of the text's line width ends its block in wrapped text, unless it runs on */
const SHORT_LINE = 0.6
/** Lines of at least this many characters a text needs for its line width to be known */
const WIDTH_LINES = 4
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
    if (/^\s*(\d{1,3}|\p{Ll})$/u.test(text.slice(segStart, i))) continue
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
  const flush = (byLayout = false): void => {
    if (para === undefined) return
    if (byLayout && isTitleLine(text.slice(para.start, para.end))) {
      pushTrimmed(text, para.start, para.end, 'heading', out)
      para = undefined
      return
    }
    const spans: SentenceSpan[] = []
    splitText(text, para.start, para.end, 'prose', spans)
    for (const span of spans) out.push(...cutRunOn(text, span))
    para = undefined
  }
  const lines = [...wrappedLines(text)]
  const width = lineWidth(lines.map(line => textLine(text, line.start, line.end).trimmed))
  let previous = ''
  for (const line of lines) {
    if (line.heading !== undefined) {
      flush()
      pushTrimmed(text, line.heading[0], line.heading[1], 'heading', out)
      continue
    }
    const { trimmed, contentStart, contentEnd } = textLine(text, line.start, line.end)
    if (/^([-*_])(\s*\1){2,}$/.test(trimmed)) {
      flush()
    } else if (trimmed !== '') {
      if (para !== undefined && endsBlock(previous, trimmed, width)) flush(true)
      if (para === undefined) para = { start: contentStart, end: contentEnd }
      else para.end = contentEnd
      previous = trimmed
    }
  }
  flush()
  return out
}

/**
 * The width of a text's printed lines: the 90th percentile of its line
 * lengths, or 0 (unknown) when fewer than {@link WIDTH_LINES} lines hold text
 */
function lineWidth (lines: readonly string[]): number {
  const lengths = lines.map(l => l.length).filter(n => n > 0).sort((a, b) => a - b)
  if (lengths.length < WIDTH_LINES) return 0
  return lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * 0.9))] ?? 0
}

/**
 * Whether, in wrapped text, the line `previous` ends a block before `next`:
 * `next` opens a numbered paragraph or a field (`TO The Hague: …`), `previous` is in capitals and `next` is
 * not (a title over its text), or `previous` is a short line (under
 * {@link SHORT_LINE} of `width`: a letterhead, a date, a title) and `next`
 * opens a sentence; never when `previous` runs on (a comma, a hyphen, a
 * colon, or a word no clause ends on).
 */
function endsBlock (previous: string, next: string, width: number): boolean {
  // a routing or form field opens its own line (`FR Washington: …`, `TO The Hague: …`, `SUBJECT: …`)
  if (FIELD.test(next)) return true
  if (/[,;:(&\-–—]$/u.test(previous)) return false
  if (endsOnContinuingWord(previous)) return false
  if (ENUMERATOR.test(next)) return true
  // a line in capitals over one that is not: a title over its text (`REPORT ON … ASSEMBLY` / `FR Washington: …`)
  if (inCapitals(previous) && /\p{Ll}/u.test(next) && OPENER.test(next)) return true
  return width > 0 && previous.length < SHORT_LINE * width && OPENER.test(next)
}

/** A line that opens with a field label: a first word in capitals, at most three words, then a colon */
const FIELD = /^\p{Lu}{2,}\.?(?:\s+[\p{L}.]+){0,2}:\s/u

/** Whether a line is in capitals: no lower-case letter, and at least two words of two capitals or more */
function inCapitals (line: string): boolean {
  return !/\p{Ll}/u.test(line) && (line.match(/\p{Lu}{2,}/gu)?.length ?? 0) >= 2
}

/** Whether a text's last word is one no clause ends on ({@link CONTINUING}: "to", "of", "the", "which", …): the text goes on */
export function endsOnContinuingWord (text: string): boolean {
  // a word inside a closed parenthesis ("GEPEDE ((A))") ends nothing but the parenthesis
  if (/[)\]]$/u.test(text.trimEnd())) return false
  return CONTINUING.has(lastWord(text).toLowerCase())
}

const LETTER = /\p{L}/u
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

/** The letters that end a text before any trailing punctuation and spaces ('' when it ends on a digit), read from the end */
function lastWord (text: string): string {
  let end = text.length
  while (end > 0 && !LETTER_OR_DIGIT.test(text[end - 1] ?? '')) end--
  let start = end
  while (start > 0 && LETTER.test(text[start - 1] ?? '')) start--
  return text.slice(start, end)
}

/** Most words a {@link isTitleLine} title has */
const TITLE_WORDS = 12

/**
 * Whether a block that the layout set apart is a title rather than a
 * sentence: one line of at most {@link TITLE_WORDS} words with no sentence
 * punctuation at its end (`MEMORANDUM FOR THE RECORD`, `SUBJECT: Meeting
 * with …`, `30 September 1974`). Read as a heading: the sentences after it
 * sit under it.
 */
function isTitleLine (block: string): boolean {
  return !block.includes('\n') && !/[.!?]["'’”)\]]*$/u.test(block.trim()) && (block.match(/\S+/g) ?? []).length <= TITLE_WORDS
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

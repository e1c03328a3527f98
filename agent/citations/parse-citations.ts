import { NOT_FOUND_REPLY } from '../answerers/build-prompt.js'
import { splitSentences } from './split-sentences.js'

/** One sentence of a model's reply and the passage numbers it cites */
export interface ParsedSentence {
  /** The sentence without its `[n]` markers */
  text: string
  /** Passage numbers in the order cited, without repeats (may include numbers with no passage) */
  markers: number[]
}

/** A model's reply, parsed */
export interface ParsedReply {
  /** The model said the passages do not contain the answer ({@link NOT_FOUND_REPLY}) */
  notFound: boolean
  /** Sentences of the reply with their markers (empty for an empty or marker-less heading-only reply) */
  sentences: ParsedSentence[]
}

/** Widest `[a-b]` range expanded into single markers */
const MAX_RANGE = 10
/** A marker group: `[1]`, `[1, 2]`, `[1; 3]`, `[2-4]` */
const MARKER_SOURCE = String.raw`\[\s*(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\s*\]`
const marker = (): RegExp => new RegExp(MARKER_SOURCE, 'g')
const LEADING_MARKERS = /^(\s*\[\s*\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\s*\])+\s*/
const SOURCES_HEADER = /^\s*(#+\s*)?(\*\*)?(sources?|references?|citations?)(\*\*)?\s*:?\s*(\*\*)?\s*$/im

/**
 * Parse a model's reply into sentences and their `[n]` citation markers.
 * Accepts `[1]`, `[1, 2]`, `[1][2]`, `[2-3]`, `[^1]`, `【1】` and
 * `[Passage 1]`; a marker group that opens a sentence ("… deals. [1] They …")
 * belongs to the sentence before when that one has none. `<think>` blocks
 * and a trailing "Sources:" list are ignored, and headings without markers
 * are dropped. A reply that starts with {@link NOT_FOUND_REPLY}, or contains
 * it and no marker at all, is `notFound`.
 */
export function parseCitations (reply: string): ParsedReply {
  let text = reply.replace(/<think>[\s\S]*?(<\/think>|$)/gi, '')
  const sources = SOURCES_HEADER.exec(text)
  if (sources !== null && sources.index > 0) text = text.slice(0, sources.index)
  text = text
    .replace(/【\s*(\d+)\s*】/g, '[$1]')
    .replace(/\[\^(\d+)\]/g, '[$1]')
    .replace(/\[\s*(?:passages?|sources?|docs?|documents?)\s*#?\s*(\d)/gi, '[$1')
    .trim()
  const hasMarkers = marker().test(text)
  const notFound = new RegExp(`^\\W*${NOT_FOUND_REPLY}\\b`).test(text) || (text.includes(NOT_FOUND_REPLY) && !hasMarkers)
  if (notFound) return { notFound: true, sentences: [] }

  const sentences: ParsedSentence[] = []
  for (const span of splitSentences(text)) {
    if (span.kind === 'frontmatter') continue
    let body = span.text
    const prev = sentences.at(-1)
    const leading = LEADING_MARKERS.exec(body)
    if (leading !== null && prev !== undefined && prev.markers.length === 0) {
      prev.markers = markersIn(leading[0])
      body = body.slice(leading[0].length)
    }
    const markers = markersIn(body)
    if (span.kind === 'heading' && markers.length === 0) continue
    const clean = body
      .replace(marker(), ' ')
      .replace(/\s+([.,;:!?])/g, '$1')
      .replace(/\s{2,}/g, ' ')
      .trim()
    if (!/[\p{L}\p{N}]/u.test(clean)) {
      if (prev !== undefined) prev.markers = [...new Set([...prev.markers, ...markers])]
      continue
    }
    sentences.push({ text: clean, markers })
  }
  return { notFound: false, sentences }
}

/** The distinct passage numbers of every marker group in `text`, in order */
function markersIn (text: string): number[] {
  const out: number[] = []
  for (const m of text.matchAll(marker())) {
    for (const part of (m[1] ?? '').split(/\s*[,;]\s*/)) {
      const range = /^(\d+)\s*[–-]\s*(\d+)$/.exec(part)
      if (range !== null) {
        const a = Number(range[1])
        const b = Number(range[2])
        if (b >= a && b - a < MAX_RANGE) for (let n = a; n <= b; n++) out.push(n)
        else out.push(a, b)
      } else if (/^\d+$/.test(part)) {
        out.push(Number(part))
      }
    }
  }
  return [...new Set(out)]
}

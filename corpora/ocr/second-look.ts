import type { AbortOptions } from '@libp2p/interface'

/**
 * How words the engine read with low confidence are read a second time (see
 * {@link secondLook}); recorded with the engine's settings
 */
export interface SecondLookSettings {
  /** Words under this confidence (0–100) are read again */
  below: number
  /** Page segmentation mode of the second reading: 7 = one line of text */
  psm: number
  /** Words on each side of the word read with it, for context */
  context: number
}

/**
 * The second look run unless told otherwise (chosen with bench/ocr): words
 * under 70 % confidence, read again as one line with a word of context on each side
 */
export const DEFAULT_SECOND_LOOK: SecondLookSettings = { below: 70, psm: 7, context: 1 }

/** A word as the engine reports it: text, confidence (0–100) and box, in page pixels */
export interface OcrWord {
  text: string
  confidence: number
  bbox: { x0: number, y0: number, x1: number, y1: number }
}

/** A region of the page to read again, in page pixels */
export interface LookRegion { left: number, top: number, width: number, height: number }

/** Reads a region of the page: the words found, with boxes in page pixels */
export type ReadRegion = (region: LookRegion, options?: AbortOptions) => Promise<OcrWord[]>

/** A word is read confidently at or above this confidence (0–100): such words make the page's vocabulary */
const CONFIDENT = 80
/** Margin around the region, as a fraction of the line's height */
const PAD = 0.3

function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

/** A word without the punctuation around it ("(LAO)." → "LAO") */
const core = (text: string): string => text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')

/**
 * The region to read again for word `i` of a line: the line's core band (the
 * median top and bottom of its confidently read words, so that a word merged
 * with the line below is cut back to its own line) from `context` words before
 * it to `context` words after it, with a margin of 0.3 × the band's height
 */
export function lookRegion (line: OcrWord[], i: number, context: number, page: { width: number, height: number }): LookRegion {
  const sure = line.filter(w => w.confidence >= CONFIDENT)
  const ref = sure.length > 0 ? sure : line
  const y0 = median(ref.map(w => w.bbox.y0))
  const y1 = median(ref.map(w => w.bbox.y1))
  const pad = PAD * (y1 - y0)
  const top = Math.max(0, Math.round(y0 - pad))
  const bottom = Math.min(page.height, Math.round(y1 + pad))
  const left = Math.max(0, Math.round(line[Math.max(0, i - context)]!.bbox.x0 - pad))
  const right = Math.min(page.width, Math.round(line[Math.min(line.length - 1, i + context)]!.bbox.x1 + pad))
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) }
}

/**
 * Which reading of a word to keep: the second reading's word whose centre
 * lies in the first word's box, when there is exactly one (the first
 * reading's word boundaries stand), it differs, it is more confident, it
 * does not replace a word the page reads confidently elsewhere with one it
 * does not (the page's own vocabulary), and, when it differs only in letter
 * case, the page reads its form confidently elsewhere (a crop shows less of
 * the line's capitals and small letters to tell `C` from `c`). Returns the new
 * word, or undefined to keep the first reading.
 */
export function chooseReading (first: OcrWord, second: OcrWord[], vocabulary: ReadonlySet<string>): OcrWord | undefined {
  const inside = second.filter(w => {
    const centre = (w.bbox.x0 + w.bbox.x1) / 2
    return centre >= first.bbox.x0 && centre <= first.bbox.x1
  })
  if (inside.length !== 1) return undefined
  const w = inside[0]!
  if (w.text === first.text || w.text.trim() === '' || w.confidence <= first.confidence) return undefined
  if (vocabulary.has(core(first.text)) && !vocabulary.has(core(w.text))) return undefined
  // a crop shows less of the line's capitals and small letters than the page: a change of case alone needs the page's vocabulary
  if (w.text.toLowerCase() === first.text.toLowerCase() && !vocabulary.has(core(w.text))) return undefined
  return w
}

/** The cores of the words read confidently, each with how often it occurs */
function vocabularyOf (lines: OcrWord[][]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const w of lines.flat()) if (w.confidence >= CONFIDENT) counts.set(core(w.text), (counts.get(core(w.text)) ?? 0) + 1)
  return counts
}

/**
 * Read the low-confidence words of a page again. Each word under
 * `settings.below` is read a second time on its own region of the page
 * ({@link lookRegion}), as one line with its neighbours; the reading kept is
 * chosen by {@link chooseReading}, against the page's vocabulary without the
 * word itself. Returns the words to replace, first reading → second.
 */
export async function secondLook (lines: OcrWord[][], page: { width: number, height: number }, read: ReadRegion, settings: SecondLookSettings, options: AbortOptions = {}): Promise<Map<OcrWord, OcrWord>> {
  const counts = vocabularyOf(lines)
  const replaced = new Map<OcrWord, OcrWord>()
  for (const line of lines) {
    for (const [i, word] of line.entries()) {
      if (word.confidence >= settings.below || word.text.trim() === '') continue
      options.signal?.throwIfAborted()
      const second = await read(lookRegion(line, i, settings.context, page), options)
      // the vocabulary of the rest of the page: this word does not vouch for itself
      const own = word.confidence >= CONFIDENT ? 1 : 0
      const vocabulary = new Set([...counts].filter(([w, n]) => n - (w === core(word.text) ? own : 0) > 0).map(([w]) => w))
      const chosen = chooseReading(word, second, vocabulary)
      if (chosen != null) replaced.set(word, chosen)
    }
  }
  return replaced
}

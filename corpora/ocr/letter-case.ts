/** What the engine gives per line: words of symbols with their boxes (tesseract.js `blocks` output) */
export interface OcrLine {
  words: Array<{ text: string, symbols: Array<{ text: string, bbox: { y0: number, y1: number } }> }>
}

/** Lower-case letters whose capital is the same shape, only taller: the engine mixes them up on typewriter faces */
const SAME_SHAPE = new Set('cosuvwxz')
/** Letters that stand on the baseline and reach only the x-height */
const X_HEIGHT = new Set('acemnorsuvwxz')
/** Glyphs that reach the cap height: capitals (but J, Q, which descend in some faces) and digits */
const CAP_HEIGHT = /^[A-IK-PR-Z0-9]$/

/** Fewer glyphs of a kind on a line than this: the page's heights are used */
const MIN_GLYPHS = 3

function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!
}

const height = (s: { bbox: { y0: number, y1: number } }): number => s.bbox.y1 - s.bbox.y0

/** Median x-height and cap height of a set of glyphs */
function heights (symbols: Array<{ text: string, bbox: { y0: number, y1: number } }>): { x: number[], cap: number[] } {
  const x: number[] = []
  const cap: number[] = []
  for (const s of symbols) {
    if (X_HEIGHT.has(s.text)) x.push(height(s))
    else if (CAP_HEIGHT.test(s.text)) cap.push(height(s))
  }
  return { x, cap }
}

/**
 * Restore capitals the engine read as lower case. On typewriter faces `C`
 * and `c`, `S` and `s`, `W` and `w` (and o, u, v, x, z) differ only in
 * height, and the LSTM engine often reads a capital starting a word as the
 * small letter ("Florida state", "corporation" for "Corporation"). The
 * glyph's box says which it is: a word's first letter of that kind as tall as the line's
 * capitals (its median cap height, less 1 px) and at least 2 px taller than
 * its x-height letters is upper case. Lines with too few glyphs of a kind
 * use the page's medians; a page whose x-height and cap height are less than
 * 2 px apart is left as it is.
 *
 * Returns the page text with those letters changed (each word found in
 * `text` in reading order) and how many were changed.
 */
export function restoreCapitals (text: string, lines: OcrLine[]): { text: string, changed: number } {
  const all = heights(lines.flatMap(l => l.words.flatMap(w => w.symbols)))
  let out = ''
  let cursor = 0
  let changed = 0
  for (const line of lines) {
    const own = heights(line.words.flatMap(w => w.symbols))
    const x = median(own.x.length >= MIN_GLYPHS ? own.x : all.x)
    const cap = median(own.cap.length >= MIN_GLYPHS ? own.cap : all.cap)
    if (!(cap - x >= 2)) continue
    for (const word of line.words) {
      const at = text.indexOf(word.text, cursor)
      if (at === -1) continue
      // the first letter of the word (after an opening bracket or quote)
      const first = word.symbols.findIndex(s => /\p{L}/u.test(s.text))
      const s = word.symbols[first]
      const upper = s != null && SAME_SHAPE.has(s.text) && height(s) >= cap - 1 && height(s) >= x + 2
      const fixed = upper ? word.symbols.map((sym, i) => i === first ? sym.text.toUpperCase() : sym.text).join('') : word.text
      out += text.slice(cursor, at) + (fixed.length === word.text.length ? fixed : word.text)
      cursor = at + word.text.length
      if (upper && fixed.length === word.text.length) changed++
    }
  }
  return { text: out + text.slice(cursor), changed }
}

/**
 * Read a 0 in a run of capitals and digits that has no other digit and at
 * least two capitals as the letter O ("0CC" → "OCC", "C/0DPD" → "C/ODPD"):
 * on typed all-caps text (cables, forms) the engine often reads an O as a
 * zero, while a number or a code with other digits ("052149Z", "N0 1") is
 * left as it is.
 */
export function zeroInCapitals (text: string): string {
  return text.replace(/[A-Z0-9]+/g, run => !run.includes('0') || /[1-9]/.test(run) || (run.match(/[A-Z]/g)?.length ?? 0) < 2 ? run : run.replaceAll('0', 'O'))
}

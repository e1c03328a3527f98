/**
 * Symbols the engine reads specks, dots inside a zero and toner smudges as:
 * other symbols (`©`, `®`, `°`, `™`, …) and guillemets (`«`, `»`)
 */
const STRAY = /^[\p{So}«»]$/u
const ALNUM = /^[\p{L}\p{N}]$/u

/** Words read with less confidence than this (0–100) may hold a stray symbol */
export const STRAY_BELOW = 70

/**
 * Find stray symbols: in a word read with confidence under
 * {@link STRAY_BELOW}, a symbol character (`©`, `®`, `«`, …) that occurs
 * nowhere else on the page is a speck the engine read: between two letters or
 * digits it becomes a space (`YOU®MAY` → `YOU MAY`), at the start or end of
 * a word it is dropped (`Mexican»`). A symbol the page uses more than once,
 * one in a confidently read word (`©1963`) and one standing alone as a word
 * (it may be a letter misread: dropping it would lose the word) stay. Returns
 * the words to change, word → new text.
 */
export function straySymbols<W extends { text: string, confidence: number }> (lines: W[][]): Map<W, { text: string }> {
  const counts = new Map<string, number>()
  for (const w of lines.flat()) for (const ch of w.text) if (STRAY.test(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  const stray = (ch: string): boolean => STRAY.test(ch) && counts.get(ch) === 1
  const changed = new Map<W, { text: string }>()
  for (const w of lines.flat()) {
    if (w.confidence >= STRAY_BELOW) continue
    const chars = [...w.text]
    // a symbol standing alone may be a letter misread: only symbols stuck to a word's letters or digits go
    if (!chars.some(stray) || !chars.some(ch => ALNUM.test(ch))) continue
    const text = chars.map((ch, i) => !stray(ch) ? ch : ALNUM.test(chars[i - 1] ?? '') && ALNUM.test(chars[i + 1] ?? '') ? ' ' : '').join('')
    changed.set(w, { text })
  }
  return changed
}

/**
 * The page text with some of its words replaced: each word of `lines` is
 * found in `text` in reading order (after the previous one), and the words
 * that `replaced` maps are swapped for the new text; everything else, spacing
 * and line breaks included, is kept as it is.
 */
export function replaceWords<W extends { text: string }> (text: string, lines: W[][], replaced: ReadonlyMap<W, { text: string }>): string {
  if (replaced.size === 0) return text
  let out = ''
  let cursor = 0
  for (const word of lines.flat()) {
    const at = text.indexOf(word.text, cursor)
    if (at === -1) continue
    const next = replaced.get(word)
    out += text.slice(cursor, at) + (next?.text ?? word.text)
    cursor = at + word.text.length
  }
  return out + text.slice(cursor)
}

/**
 * Levenshtein edit distance between two texts (insertions, deletions and
 * substitutions of one UTF-16 unit each), in O(|a|·|b|) time and O(min) space:
 * how far a re-derived page is from its recorded text, and a page's OCR from
 * its truth (bench/ocr).
 */
export function editDistance (a: string, b: string): number {
  if (a.length < b.length) [a, b] = [b, a]
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)))
    prev = cur
  }
  return prev[b.length] ?? 0
}

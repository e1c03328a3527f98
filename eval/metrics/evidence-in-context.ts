/**
 * Whether a question's evidence quote lies inside the passages an answerer
 * (or an LLM) was given: the evidence's words, in order, inside one passage's
 * words. Words are compared lower-cased, markup and punctuation ignored, and
 * hyphenated words read joined on both sides (so a word hyphenated across an
 * OCR line break matches its quote either way).
 */
export function evidenceInContext (evidence: string, passages: readonly string[]): boolean {
  const wanted = wordsOf(evidence).join(' ')
  if (wanted === '') return false
  return passages.some(p => ` ${wordsOf(p).join(' ')} `.includes(` ${wanted} `))
}

function wordsOf (text: string): string[] {
  return text.replace(/(\p{L})-\s*(\p{L})/gu, '$1$2').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
}

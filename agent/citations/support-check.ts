import { contentTerms, words } from '../relevance.js'

/** How well the quotes of a sentence's citations support it */
export type SupportVerdict = 'supported' | 'partly' | 'unsupported'

/** The verdict of {@link checkSupport} and what led to it */
export interface SupportCheck {
  verdict: SupportVerdict
  /** Why the verdict is not `supported` (empty when it is) */
  reasons: string[]
  /** Share (0–1) of the sentence's content terms found in the quotes */
  coverage: number
}

/** A sentence whose quotes hold at least this share of its content terms is supported (other checks passing) */
export const SUPPORTED_COVERAGE = 0.5
/** Below this share of content terms in the quotes a sentence is unsupported */
export const PARTLY_COVERAGE = 0.25

const NEGATION = /\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n['’]t\b/giu
const NUMBER_WORDS: Record<string, string> = {
  zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18',
  nineteen: '19', twenty: '20', thirty: '30', forty: '40', fifty: '50', sixty: '60', seventy: '70', eighty: '80', ninety: '90',
  hundred: '100', thousand: '1000', million: '1000000', billion: '1000000000', half: '0.5', once: '1', twice: '2', double: '2', triple: '3'
}
const UNITS: Record<string, string> = {
  b: 'b', byte: 'b', bytes: 'b', kb: 'kb', kib: 'kib', mb: 'mb', mib: 'mib', gb: 'gb', gib: 'gib', tb: 'tb', tib: 'tib', pb: 'pb', pib: 'pib', eb: 'eb', eib: 'eib',
  fil: 'fil', attofil: 'attofil', nanofil: 'nanofil', ms: 'ms', s: 's', sec: 's', second: 's', seconds: 's', minute: 'min', minutes: 'min', min: 'min',
  hour: 'h', hours: 'h', h: 'h', day: 'd', days: 'd', week: 'w', weeks: 'w', month: 'mo', months: 'mo', year: 'y', years: 'y',
  epoch: 'epoch', epochs: 'epoch', percent: '%', '%': '%', x: 'x', times: 'x', block: 'block', blocks: 'block'
}
const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'])
const MARKER = /\[\s*(?:\d+|[a-z0-9:/.]{20,})\s*\]/giu

/** Numbers of a text (digits with separators removed, number words as digits), each with the unit word after it */
function quantities (text: string): Array<{ value: string, unit?: string }> {
  const out: Array<{ value: string, unit?: string }> = []
  const tokens = text.toLowerCase().replace(/(\d),(?=\d{3}\b)/g, '$1').match(/\d+(?:\.\d+)?|%|[\p{L}]+/gu) ?? []
  tokens.forEach((t, i) => {
    const value = /^\d/.test(t) ? t.replace(/^0+(?=\d)/, '') : NUMBER_WORDS[t]
    if (value == null) return
    if (t === 'one' && !/^\p{L}/u.test(tokens[i + 1] ?? '')) return
    const next = tokens[i + 1]
    const unit = next != null ? UNITS[next] : undefined
    out.push(unit != null ? { value, unit } : { value })
  })
  return out
}

/**
 * Capitalised or acronym words: names, products, places. The first word of
 * the text counts when `first` is set, unless it is a stopword, an -ly
 * adverb or followed by a comma ("However, …"). Unit symbols (GiB) are not names.
 */
function names (text: string, first: boolean): string[] {
  const out: string[] = []
  const tokens = [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}_-]*/gu)]
  tokens.forEach((m, i) => {
    const t = m[0]
    const lower = t.toLowerCase()
    if (UNITS[lower] != null || /^\d/.test(t)) return
    const acronym = /^\p{Lu}[\p{Lu}\p{N}]+$/u.test(t) || /^\p{L}+\p{Lu}/u.test(t)
    const capitalised = /^\p{Lu}\p{Ll}/u.test(t)
    if (i === 0 && !acronym) {
      const comma = text.slice((m.index ?? 0) + t.length).startsWith(',')
      if (!first || !capitalised || comma || lower.endsWith('ly') || contentTerms(lower).length === 0) return
    }
    if (acronym || capitalised) out.push(lower)
  })
  return [...new Set(out)]
}

function negations (text: string): number[] {
  return [...text.toLowerCase().matchAll(NEGATION)].map(m => m.index ?? 0)
}

/** Whether `needle` occurs as a contiguous run inside `hay` */
function contiguous (hay: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return true
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

/** Whether the words of `sentence` occur, in order, inside one quote (the shape of an extractive answer) */
export function isQuotedFrom (sentence: string, quotes: readonly string[]): boolean {
  const want = words(sentence.replace(MARKER, ''))
  if (want.length === 0) return false
  return quotes.some(q => {
    const have = words(q)
    let j = 0
    for (const w of have) if (w === want[j]) j++
    return j === want.length
  })
}

/**
 * Check, without a language model, whether the quotes a sentence cites
 * support it. It catches the common ways a generated sentence departs from
 * its sources:
 *
 * - a negation the quotes do not have, or a negated quote stated positively;
 * - a number, date or quantity (number plus unit) the quotes do not contain;
 * - a name the quotes do not contain, in place of one they do (swapped
 *   names), or two names in reversed roles ("A pays B" for "B pays A");
 * - a quotation (in quotation marks) that is not verbatim in one quote,
 *   including one stitched together from different places;
 * - too few of the sentence's content terms in the quotes
 *   ({@link SUPPORTED_COVERAGE}, {@link PARTLY_COVERAGE}).
 *
 * A name missing from the quotes with no competing name there makes the
 * sentence `partly` supported, as does middling term coverage. Citation
 * markers (`[1]`, `[bafk…]`) are ignored.
 */
export function checkSupport (sentence: string, quotes: readonly string[]): SupportCheck {
  const text = sentence.replace(MARKER, ' ')
  const unsupported: string[] = []
  const partly: string[] = []
  const quoteText = quotes.join('\n')
  if (quotes.every(q => q.trim() === '')) return { verdict: 'unsupported', reasons: ['it cites no quote'], coverage: 0 }

  // quotations must be verbatim in one quote
  for (const m of text.matchAll(/["“]([^"”]+)["”]/gu)) {
    const q = words(m[1] ?? '')
    if (q.length < 3) continue
    if (quotes.some(quote => contiguous(words(quote), q))) continue
    const stitched = q.some((_, cut) => cut > 0 && quotes.some(a => contiguous(words(a), q.slice(0, cut))) && quotes.some(b => contiguous(words(b), q.slice(cut))))
    unsupported.push(stitched ? `the quotation "${m[1] ?? ''}" is stitched together from different places` : `the quotation "${m[1] ?? ''}" is not in the quote`)
  }

  // negation
  const sentenceNeg = negations(text)
  const quoteNeg = negations(quoteText)
  if (sentenceNeg.length > 0 && quoteNeg.length === 0) {
    unsupported.push('negation mismatch: the sentence negates what the quote states')
  } else if (sentenceNeg.length === 0 && quoteNeg.length > 0) {
    const sentenceTerms = new Set(contentTerms(text))
    const lower = quoteText.toLowerCase()
    const negatesShared = quoteNeg.some(at => contentTerms(lower.slice(at, at + 60).split(/[.;:!?\n]/)[0] ?? '').slice(0, 4).some(t => sentenceTerms.has(t)))
    if (negatesShared) unsupported.push('negation mismatch: the quote negates what the sentence states')
  }

  // numbers, dates, quantities
  const have = quantities(quoteText)
  for (const q of quantities(text)) {
    const same = have.filter(h => h.value === q.value)
    if (same.length === 0) unsupported.push(`"${q.value}${q.unit != null ? ` ${q.unit}` : ''}" is not in the quote`)
    else if (q.unit != null && !same.some(h => h.unit == null || h.unit === q.unit)) unsupported.push(`the quote gives ${q.value} in other units than ${q.unit}`)
  }
  const quoteWords = new Set(words(quoteText))
  for (const w of words(text)) {
    if (MONTHS.has(w) && w !== 'may' && !quoteWords.has(w)) unsupported.push(`the date "${w}" is not in the quote`)
  }

  // names
  const sentenceNames = names(text, true)
  const missing = sentenceNames.filter(n => !words(n).every(w => quoteWords.has(w)))
  const sentenceWords = new Set(words(text))
  const others = quotes.flatMap(q => names(q, true)).filter(n => !words(n).every(w => sentenceWords.has(w)))
  if (missing.length > 0 && others.length > 0) unsupported.push(`names swapped: the sentence says ${missing.join(', ')} where the quote says ${others.join(', ')}`)
  else if (missing.length > 0) partly.push(`names not in the quote: ${missing.join(', ')}`)
  const swapped = reversedPair(text, quotes)
  if (swapped != null) unsupported.push(`roles swapped: the sentence reverses "${swapped[0]}" and "${swapped[1]}" of the quote`)

  // coverage
  const terms = [...new Set(contentTerms(text))]
  const quoteTerms = new Set(contentTerms(quoteText))
  // a sentence without content terms ("Yes.") is supported when the quote holds all of its words (an extractive quote of it)
  const coverage = terms.length === 0
    ? (words(text).length > 0 && words(text).every(w => quoteWords.has(w)) ? 1 : 0)
    : terms.filter(t => quoteTerms.has(t)).length / terms.length
  if (coverage < PARTLY_COVERAGE) unsupported.push(`the quote does not support the sentence (${Math.round(coverage * 100)}% of its terms are in the quote)`)
  else if (coverage < SUPPORTED_COVERAGE) partly.push(`the quote holds only ${Math.round(coverage * 100)}% of the sentence's terms`)

  if (unsupported.length > 0) return { verdict: 'unsupported', reasons: [...unsupported, ...partly], coverage }
  if (partly.length > 0) return { verdict: 'partly', reasons: partly, coverage }
  return { verdict: 'supported', reasons: [], coverage }
}

/** Whether `seq` holds `pattern` in order, each part at most `gap` terms after the previous one */
function follows (seq: readonly string[], pattern: readonly string[], gap: number): boolean {
  const at = (from: number, p: number): boolean => {
    if (p === pattern.length) return true
    for (let k = from; k < Math.min(seq.length, from + gap + 1); k++) if (seq[k] === pattern[p] && at(k + 1, p + 1)) return true
    return false
  }
  return seq.some((t, k) => t === pattern[0] && at(k + 1, 1))
}

/** Two terms that appear as "A x B" in the sentence and "B x A" in a quote, with the same terms x between them (roles reversed) */
function reversedPair (sentence: string, quotes: readonly string[]): [string, string] | undefined {
  if (words(sentence).includes('by')) return undefined
  const s = contentTerms(sentence)
  const qs = quotes.map(q => contentTerms(q))
  for (let i = 0; i < s.length; i++) {
    for (let j = i + 2; j < Math.min(s.length, i + 5); j++) {
      const a = s[i] as string
      const b = s[j] as string
      if (a === b) continue
      const between = s.slice(i + 1, j)
      if (qs.some(q => follows(q, [b, ...between, a], 2)) && !qs.some(q => follows(q, [a, ...between, b], 2))) return [a, b]
    }
  }
  return undefined
}

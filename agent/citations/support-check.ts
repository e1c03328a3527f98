import { contentTerms, words } from '../relevance.js'
import { antonymFlip } from './antonyms.js'
import { splitSentences } from './split-sentences.js'

/** How well the quotes of a sentence's citations support it */
export type SupportVerdict = 'supported' | 'partly' | 'unsupported'

/** The tests a paraphrase goes through, each reported on its own */
export const SUPPORT_CHECKS = ['quotations', 'alterations', 'negation', 'antonyms', 'numbers', 'dates', 'entities', 'coverage'] as const

/** One of {@link SUPPORT_CHECKS} */
export type SupportCheckName = typeof SUPPORT_CHECKS[number]

/** The outcome of one test: `partly` only for entities (a name the quotes lack, with no competing name) and coverage */
export type CheckOutcome = 'pass' | 'partly' | 'fail'

/** The verdict of {@link checkSupport} and what led to it */
export interface SupportCheck {
  verdict: SupportVerdict
  /** Why the verdict is not `supported` (empty when it is) */
  reasons: string[]
  /** Share (0–1) of the sentence's content terms found in the quotes */
  coverage: number
  /** Each test's outcome: which passed, which failed */
  checks: Record<SupportCheckName, CheckOutcome>
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
 * its sources, each reported in `checks`:
 *
 * - `quotations`: a quotation (in quotation marks) that is not verbatim in
 *   one quote, including one stitched together from different places;
 * - `alterations`: a sentence that copies a quote sentence's words in order
 *   (at least {@link COPIED_SHARE} of its words) but puts words the quotes
 *   never use in place of some of its words: an altered quotation (a
 *   swapped word or name);
 * - `negation`: a negation that the quote sentences the sentence restates
 *   (those sharing most of its terms) do not have, or a negation of theirs
 *   stated positively;
 * - `antonyms`: a word the quotes never use in place of its opposite that
 *   they do ("false" for "bona fide", "decrease" for "increase", "after" for
 *   "before"; the list is `ANTONYMS` in antonyms.ts);
 * - `numbers`: a number or quantity (number plus unit) the quotes do not contain;
 * - `dates`: a month the quotes do not name (years are numbers);
 * - `entities`: a name the quotes do not contain, in place of one they do
 *   (swapped names), or two names in reversed roles ("A pays B" for "B pays A");
 * - `coverage`: too few of the sentence's content terms in the quotes
 *   ({@link SUPPORTED_COVERAGE}, {@link PARTLY_COVERAGE}).
 *
 * A name missing from the quotes with no competing name there makes the
 * sentence `partly` supported, as does middling term coverage. Citation
 * markers (`[1]`, `[bafk…]`) are ignored. Quotes should be readable text
 * (`readableText`), so that a word hyphenated across a line break is one word.
 */
export function checkSupport (sentence: string, quotes: readonly string[]): SupportCheck {
  const text = sentence.replace(MARKER, ' ')
  const checks: Record<SupportCheckName, CheckOutcome> = { quotations: 'pass', alterations: 'pass', negation: 'pass', antonyms: 'pass', numbers: 'pass', dates: 'pass', entities: 'pass', coverage: 'pass' }
  const unsupported: string[] = []
  const partly: string[] = []
  const fail = (check: SupportCheckName, reason: string): void => { checks[check] = 'fail'; unsupported.push(reason) }
  const weak = (check: SupportCheckName, reason: string): void => { if (checks[check] !== 'fail') checks[check] = 'partly'; partly.push(reason) }
  const quoteText = quotes.join('\n')
  if (quotes.every(q => q.trim() === '')) {
    for (const k of SUPPORT_CHECKS) checks[k] = 'fail'
    return { verdict: 'unsupported', reasons: ['it cites no quote'], coverage: 0, checks }
  }

  for (const reason of quotationProblems(text, quotes)) fail('quotations', reason)
  const altered = alteredWords(text, quotes)
  if (altered.length > 0) fail('alterations', `altered quotation: the sentence copies a quote sentence but for ${altered.map(w => `"${w}"`).join(', ')}, which the quote does not say`)
  const negation = negationProblem(text, quotes)
  if (negation !== undefined) fail('negation', negation)
  const flip = antonymFlip(text, quoteText)
  if (flip !== undefined) fail('antonyms', `antonym: the sentence says "${flip.said}" where the quote says "${flip.quoteSays}"`)

  // numbers, dates, quantities
  const have = quantities(quoteText)
  for (const q of quantities(text)) {
    const same = have.filter(h => h.value === q.value)
    if (same.length === 0) fail('numbers', `"${q.value}${q.unit != null ? ` ${q.unit}` : ''}" is not in the quote`)
    else if (q.unit != null && !same.some(h => h.unit == null || h.unit === q.unit)) fail('numbers', `the quote gives ${q.value} in other units than ${q.unit}`)
  }
  const quoteWords = new Set(words(quoteText))
  for (const w of words(text)) {
    if (MONTHS.has(w) && w !== 'may' && !quoteWords.has(w)) fail('dates', `the date "${w}" is not in the quote`)
  }

  // names
  const sentenceNames = names(text, true)
  const missing = sentenceNames.filter(n => !words(n).every(w => quoteWords.has(w)))
  const sentenceWords = new Set(words(text))
  const others = quotes.flatMap(q => names(q, true)).filter(n => !words(n).every(w => sentenceWords.has(w)))
  if (missing.length > 0 && others.length > 0) fail('entities', `names swapped: the sentence says ${missing.join(', ')} where the quote says ${others.join(', ')}`)
  else if (missing.length > 0) weak('entities', `names not in the quote: ${missing.join(', ')}`)
  const swapped = reversedPair(text, quotes)
  if (swapped != null) fail('entities', `roles swapped: the sentence reverses "${swapped[0]}" and "${swapped[1]}" of the quote`)

  // coverage
  const terms = [...new Set(contentTerms(text))]
  const quoteTerms = new Set(contentTerms(quoteText))
  // a sentence without content terms ("Yes.") is supported when the quote holds all of its words (an extractive quote of it)
  const coverage = terms.length === 0
    ? (words(text).length > 0 && words(text).every(w => quoteWords.has(w)) ? 1 : 0)
    : terms.filter(t => quoteTerms.has(t)).length / terms.length
  if (coverage < PARTLY_COVERAGE) fail('coverage', `the quote does not support the sentence (${Math.round(coverage * 100)}% of its terms are in the quote)`)
  else if (coverage < SUPPORTED_COVERAGE) weak('coverage', `the quote holds only ${Math.round(coverage * 100)}% of the sentence's terms`)

  if (unsupported.length > 0) return { verdict: 'unsupported', reasons: [...unsupported, ...partly], coverage, checks }
  if (partly.length > 0) return { verdict: 'partly', reasons: partly, coverage, checks }
  return { verdict: 'supported', reasons: [], coverage, checks }
}

/** Share of a sentence's words that, found in order in one quote sentence, make it a copy of that sentence */
export const COPIED_SHARE = 0.8

/** A longest common subsequence of two word lists: for each word of `a`, the index of its partner in `b`, or -1 */
function commonSubsequence (a: readonly string[], b: readonly string[]): number[] {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!)
  }
  const partner = new Array<number>(a.length).fill(-1)
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) { partner[i] = j; i++; j++ } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++
    else j++
  }
  return partner
}

/** Whether two texts hold {@link COPIED_SHARE} of each other's words in the same order */
function isCopyOf (a: string, b: string): boolean {
  const wa = words(a)
  const wb = words(b)
  const common = commonSubsequence(wa, wb).filter(j => j >= 0).length
  return common >= COPIED_SHARE * wa.length && common >= COPIED_SHARE * wb.length
}

/**
 * Content words of a sentence that copies a quote sentence (at least
 * {@link COPIED_SHARE} of its words in that sentence's order) put in place
 * of words of it (between two copied words, where the quote has other
 * words) and never used by the quotes: words swapped into a quotation.
 * Empty when the sentence is no such copy.
 */
function alteredWords (text: string, quotes: readonly string[]): string[] {
  const mine = words(text)
  if (mine.length < 5) return []
  const quoteWords = new Set(quotes.flatMap(q => words(q)))
  for (const piece of quotes.flatMap(q => splitSentences(q, { wrapped: true }).map(s => s.text))) {
    const partner = commonSubsequence(mine, words(piece))
    if (partner.filter(j => j >= 0).length < COPIED_SHARE * mine.length) continue
    const changed = mine.filter((w, i) => {
      if (partner[i] !== -1 || quoteWords.has(w) || contentTerms(w).length === 0) return false
      const before = partner.slice(0, i).findLast(j => j >= 0)
      const after = partner.slice(i + 1).find(j => j >= 0)
      return before !== undefined && after !== undefined && after - before > 1
    })
    if (changed.length > 0) return [...new Set(changed)]
  }
  return []
}

/** Quotations (in quotation marks) of the sentence that are not verbatim in one quote */
function quotationProblems (text: string, quotes: readonly string[]): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/["“]([^"”]+)["”]/gu)) {
    const q = words(m[1] ?? '')
    if (q.length < 3) continue
    if (quotes.some(quote => contiguous(words(quote), q))) continue
    const stitched = q.some((_, cut) => cut > 0 && quotes.some(a => contiguous(words(a), q.slice(0, cut))) && quotes.some(b => contiguous(words(b), q.slice(cut))))
    out.push(stitched ? `the quotation "${m[1] ?? ''}" is stitched together from different places` : `the quotation "${m[1] ?? ''}" is not in the quote`)
  }
  return out
}

/**
 * The quote sentences a sentence restates: those sharing the most content
 * terms with it (all of them when none shares any), so a negation elsewhere
 * in a long quote does not count for or against it
 */
function alignedSentences (text: string, quotes: readonly string[]): string[] {
  const mine = new Set(contentTerms(text))
  const pieces = quotes.flatMap(q => splitSentences(q, { wrapped: true }).map(s => s.text))
  const scored = pieces.map(p => ({ p, shared: new Set(contentTerms(p).filter(t => mine.has(t))).size }))
  const best = Math.max(0, ...scored.map(x => x.shared))
  if (best === 0) return [...quotes]
  return scored.filter(x => x.shared >= Math.max(1, best * 0.75)).map(x => x.p)
}

/** The content terms a negation at `at` governs: those after it up to the end of its clause (at most four) */
function negatedTerms (text: string, at: number): string[] {
  return contentTerms(text.toLowerCase().slice(at, at + 60).split(/[.;:!?\n]/)[0] ?? '').slice(0, 4)
}

/**
 * Why the sentence and its quotes differ in negation, or `undefined`. A
 * negation of the sentence needs one in the quote sentences it restates
 * ({@link alignedSentences}) or one anywhere in the quotes that governs the
 * same terms (two of them, or all when it governs fewer); a negation in the restated quote sentences that governs
 * terms of the sentence needs one in the sentence. When the sentence is a
 * copy of one quote sentence (each holds {@link COPIED_SHARE} of the other's
 * words in order) and both negate, they must negate as often (a "not" added
 * to or dropped from a sentence that has another negation).
 */
function negationProblem (text: string, quotes: readonly string[]): string | undefined {
  const aligned = alignedSentences(text, quotes)
  const sentenceNeg = negations(text)
  const alignedNeg = aligned.flatMap(a => negations(a).map(at => negatedTerms(a, at)))
  if (sentenceNeg.length > 0 && alignedNeg.length === 0) {
    const quoteScopes = quotes.flatMap(q => negations(q).map(at => new Set(negatedTerms(q, at))))
    // a negation elsewhere in the quotes excuses one of the sentence only if it governs the same terms (two, or all when fewer)
    const unmatched = sentenceNeg.some(at => {
      const mine = negatedTerms(text, at)
      return !quoteScopes.some(scope => mine.filter(t => scope.has(t)).length >= Math.min(2, mine.length))
    })
    if (unmatched) return 'negation mismatch: the sentence negates what the quote states'
  }
  const sentenceTerms = new Set(contentTerms(text))
  if (sentenceNeg.length === 0 && alignedNeg.length > 0) {
    if (alignedNeg.some(terms => terms.some(t => sentenceTerms.has(t)))) return 'negation mismatch: the quote negates what the sentence states'
  }
  const closest = aligned.length === 1 ? aligned[0] : undefined
  const closestNeg = closest !== undefined && isCopyOf(text, closest) ? negations(closest).length : 0
  if (sentenceNeg.length > 0 && closestNeg > 0 && sentenceNeg.length !== closestNeg) {
    return sentenceNeg.length > closestNeg
      ? 'negation mismatch: the sentence negates more than the quote sentence it restates'
      : 'negation mismatch: the quote sentence it restates negates more than the sentence'
  }
  return undefined
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

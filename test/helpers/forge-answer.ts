import { renderAnswer, type AnswerRecord } from '../../agent/index.js'
import { seededRandom } from '../../indexes/index.js'

/** The kinds of forgery {@link forgeries} makes */
export const FORGERY_KINDS = ['word swap', 'negation', 'antonym', 'number', 'date', 'entity', 'mode edit', 'field edit', 'citation renumbering', 'sentence reordering'] as const

/** One of {@link FORGERY_KINDS} */
export type ForgeryKind = typeof FORGERY_KINDS[number]

/** A forged copy of an answer record */
export interface Forgery {
  kind: ForgeryKind
  /** What was changed, for failure messages */
  what: string
  record: AnswerRecord
  /** True when a sentence's text was changed (the forged sentence was verbatim before) */
  sentenceForged: boolean
}

/** A small seeded PRNG (mulberry32: indexes' seededRandom), so a run's forgeries can be reproduced */
export const seeded = seededRandom

const OPPOSITE: Record<string, string> = {
  'bona fide': 'false', genuine: 'fake', true: 'false', valid: 'invalid', can: 'cannot', increase: 'decrease', increases: 'decreases', more: 'less', higher: 'lower',
  before: 'after', after: 'before', first: 'last', always: 'never', all: 'no', minimum: 'maximum', maximum: 'minimum', public: 'private', private: 'public',
  include: 'exclude', includes: 'excludes', add: 'remove', start: 'stop', success: 'failure', send: 'receive', online: 'offline', required: 'optional', same: 'different'
}
const MONTHS = ['January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

type SentenceEdit = (text: string, record: AnswerRecord, rnd: () => number) => { text: string, what: string } | undefined

const pick = <T>(xs: readonly T[], rnd: () => number): T | undefined => xs[Math.floor(rnd() * xs.length)]

/** Sentence edits by kind: each returns the changed text, or `undefined` when the sentence offers nothing to change */
const SENTENCE_EDITS: Partial<Record<ForgeryKind, SentenceEdit>> = {
  'word swap': (text, record, rnd) => {
    const mine = [...text.matchAll(/\b[a-z]{5,}\b/g)]
    const pool = [...new Set(record.contexts.flatMap(c => c.text.match(/\b[a-z]{5,}\b/g) ?? []))].filter(w => !text.includes(w))
    const m = pick(mine, rnd)
    const w = pick(pool, rnd)
    if (m === undefined || w === undefined) return undefined
    return { text: text.slice(0, m.index) + w + text.slice(m.index + m[0].length), what: `"${m[0]}" → "${w}"` }
  },
  negation: (text) => {
    if (/\b(not|never|no)\b/.test(text)) return { text: text.replace(/\b(not|never) /, '').replace(/\bno /, 'some '), what: 'negation removed' }
    const m = /\b(is|are|was|were|can|will|has|had|does|did|should|must|could|would)\b/.exec(text)
    if (m === null) return undefined
    return { text: `${text.slice(0, m.index + m[0].length)} not${text.slice(m.index + m[0].length)}`, what: `"${m[0]}" → "${m[0]} not"` }
  },
  antonym: (text) => {
    const lower = text.toLowerCase()
    const word = Object.keys(OPPOSITE).find(w => new RegExp(`\\b${w}\\b`).test(lower))
    if (word === undefined) return undefined
    return { text: text.replace(new RegExp(`\\b${word}\\b`, 'i'), OPPOSITE[word] ?? word), what: `"${word}" → "${OPPOSITE[word] ?? ''}"` }
  },
  number: (text, _r, rnd) => {
    const nums = [...text.matchAll(/\b\d+(?:[.,]\d+)?\b/g)]
    const m = pick(nums, rnd)
    if (m === undefined) return undefined
    const n = Number(m[0].replace(',', ''))
    const other = String(Number.isFinite(n) ? (rnd() < 0.5 ? Math.round(n * 10) : Math.round(n + 1 + rnd() * 9)) : 7)
    return { text: text.slice(0, m.index) + other + text.slice(m.index + m[0].length), what: `${m[0]} → ${other}` }
  },
  date: (text, _r, rnd) => {
    const month = MONTHS.find(mo => text.includes(mo))
    if (month !== undefined) {
      const other = MONTHS.find(mo => mo !== month && rnd() < 0.3) ?? (month === 'January' ? 'March' : 'January')
      return { text: text.replace(month, other), what: `${month} → ${other}` }
    }
    const year = /\b(19|20)\d\d\b/.exec(text)
    if (year === null) return undefined
    const other = String(Number(year[0]) + 1 + Math.floor(rnd() * 5))
    return { text: text.replace(year[0], other), what: `${year[0]} → ${other}` }
  },
  entity: (text, record, rnd) => {
    const names = [...text.matchAll(/(?<=\s)[A-Z][a-z]{3,}\b/g)]
    const pool = [...new Set(record.contexts.flatMap(c => c.text.match(/(?<=\s)[A-Z][a-z]{3,}\b/g) ?? []))].filter(n => !text.includes(n))
    const m = pick(names, rnd)
    const other = pick(pool, rnd) ?? 'Ethereum'
    if (m === undefined) return undefined
    return { text: text.slice(0, m.index) + other + text.slice(m.index + m[0].length), what: `${m[0]} → ${other}` }
  }
}

/** A copy of `record` whose sentence `i` reads `text`, the answer text rendered to match (as a careful forger would) */
function withSentence (record: AnswerRecord, i: number, text: string): AnswerRecord {
  const copy = structuredClone(record)
  const s = copy.sentences[i]
  if (s !== undefined) s.text = text
  copy.answer = renderAnswer(copy.sentences)
  return copy
}

/** Record-level forgeries: mode and field edits, citation renumbering, sentence reordering */
function recordForgeries (record: AnswerRecord, rnd: () => number): Forgery[] {
  const out: Forgery[] = []
  const i = Math.floor(rnd() * record.sentences.length)
  const edit = SENTENCE_EDITS.negation?.(record.sentences[i]?.text ?? '', record, rnd)
  if (edit !== undefined && edit.text !== record.sentences[i]?.text) {
    // the forged sentence under the record's own claim (extractive: every sentence verbatim), its support field kept
    const r = withSentence(record, i, edit.text)
    r.mode = record.mode
    const s = r.sentences[i]
    if (s !== undefined) s.support = 'supported'
    out.push({ kind: 'mode edit', what: `S${i + 1} ${edit.what}, mode left ${r.mode}, support → supported`, record: r, sentenceForged: true })
  }
  const c = structuredClone(record)
  const cite = c.citations[Math.floor(rnd() * c.citations.length)]
  if (cite !== undefined) {
    const field = pick(['quote', 'byteStart', 'path', 'docCid'] as const, rnd)
    if (field === 'quote') cite.quote = cite.quote.replace(/[a-z]/, ch => ch === 'e' ? 'a' : 'e')
    else if (field === 'byteStart') { cite.byteStart += 1; cite.byteEnd += 1 }
    else if (field === 'path') cite.path = `other/${cite.path}`
    else if (field === 'docCid') cite.docCid = record.contexts.find(x => x.docCid !== cite.docCid)?.docCid ?? cite.chunkCid
    if (JSON.stringify(c) !== JSON.stringify(record)) out.push({ kind: 'field edit', what: `[${cite.n}].${field ?? ''} changed`, record: c, sentenceForged: false })
  }
  const distinct = [...new Set(record.sentences.flatMap(s => s.citations))]
  if (distinct.length > 1) {
    const r = structuredClone(record)
    const s = r.sentences.find(x => x.citations.length > 0)
    if (s !== undefined) {
      const from = s.citations[0] as number
      const to = distinct.find(n => n !== from) as number
      s.citations = [to]
      r.answer = renderAnswer(r.sentences)
      r.mode = 'llm'
      out.push({ kind: 'citation renumbering', what: `a sentence's [${from}] → [${to}]`, record: r, sentenceForged: false })
    }
  }
  if (record.sentences.length > 1) {
    const r = structuredClone(record)
    const [a, b] = [r.sentences[0], r.sentences[1]]
    if (a !== undefined && b !== undefined && a.citations.join() !== b.citations.join()) {
      r.sentences[0] = { ...a, text: b.text }
      r.sentences[1] = { ...b, text: a.text }
      r.answer = renderAnswer(r.sentences)
      r.mode = 'llm'
      out.push({ kind: 'sentence reordering', what: 'S1 and S2 swapped, citations left in place', record: r, sentenceForged: false })
    } else if (a !== undefined && b !== undefined) {
      const r2 = structuredClone(record)
      r2.answer = renderAnswer([b, a, ...r2.sentences.slice(2)])
      out.push({ kind: 'sentence reordering', what: 'answer text reordered, sentences left', record: r2, sentenceForged: false })
    }
  }
  return out
}

/**
 * Seeded forgeries of a real answer record: each sentence edit kind on a
 * random sentence (answer text re-rendered to match and the mode set to
 * `llm`, as a careful forger would, so that only the paraphrase checks can
 * catch it without --strict), plus record-level edits: a forged sentence
 * left under the record's `extractive` claim (`mode edit`), a citation's
 * quote, range, path or document CID changed (`field edit`), a sentence
 * citing another citation, two sentences swapped. Only forgeries that
 * change something.
 */
export function forgeries (record: AnswerRecord, rnd: () => number): Forgery[] {
  if (record.abstained || record.sentences.length === 0) return []
  const out: Forgery[] = []
  for (const kind of FORGERY_KINDS) {
    const edit = SENTENCE_EDITS[kind]
    if (edit === undefined) continue
    const i = Math.floor(rnd() * record.sentences.length)
    const text = record.sentences[i]?.text ?? ''
    const changed = edit(text, record, rnd)
    if (changed === undefined || changed.text === text) continue
    // a careful forger also claims a mode whose sentences may paraphrase, so only the paraphrase checks stand in its way
    const forged = withSentence(record, i, changed.text)
    forged.mode = 'llm'
    out.push({ kind, what: `S${i + 1} ${changed.what}, mode → llm`, record: forged, sentenceForged: true })
  }
  return [...out, ...recordForgeries(record, rnd)]
}

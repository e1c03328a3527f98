/**
 * The questions the answer model learns from: the dev sets (answerable with
 * their relevant pages and evidence quotes; unanswerable and off-topic with
 * none), plus generated negatives in the SQuAD 2.0 manner — an answerable
 * question with one constraint (a year, a number, a name) changed to one its
 * relevant page never states. Each question carries a group (its corpus and
 * first relevant page) so cross-validation can hold whole pages out.
 */

import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { standaloneQuestion, contentTerms } from '../../agent/index.js'

/** Which corpus a set is answered from */
export type CorpusKey = 'filecoin' | 'jfk'

/** One question of the training pool */
export interface Item {
  id: string
  /** The dev set's file name, or `generated` */
  set: string
  corpus: CorpusKey
  /** The question as retrieved and answered (a follow-up's standalone form) */
  question: string
  relevant: string[]
  evidence: string
  /** `answerable` (relevant pages given), `unanswerable` (on topic, not stated), `offtopic`, or `generated` (a changed constraint) */
  role: 'answerable' | 'unanswerable' | 'offtopic' | 'generated'
  /** Cross-validation group: corpus + first relevant page (an unanswerable question is its own group; a generated one joins its source's) */
  group: string
}

/** The dev sets and the corpus each is answered from */
export const DEV_SETS: ReadonlyArray<{ file: string, corpus: CorpusKey }> = [
  { file: 'filecoin-docs-dev.jsonl', corpus: 'filecoin' },
  { file: 'filecoin-docs-faq-dev.jsonl', corpus: 'filecoin' },
  { file: 'filecoin-docs-wide-dev.jsonl', corpus: 'filecoin' },
  { file: 'followups-dev.jsonl', corpus: 'filecoin' },
  { file: 'followups-wide-dev.jsonl', corpus: 'filecoin' },
  { file: 'unanswerable-filecoin-dev.jsonl', corpus: 'filecoin' },
  { file: 'offtopic-dev.jsonl', corpus: 'filecoin' },
  { file: 'jfk-dev.jsonl', corpus: 'jfk' },
  { file: 'jfk-wide-dev.jsonl', corpus: 'jfk' },
  { file: 'unanswerable-jfk-dev.jsonl', corpus: 'jfk' }
]

interface Sample {
  id: string
  question?: string
  turns?: Array<{ question: string }>
  relevant: string[]
  evidence?: string
}

/** Load every dev set of {@link DEV_SETS} from `dir` (../shared/eval) */
export async function loadDevItems (dir: string): Promise<Item[]> {
  const items: Item[] = []
  for (const { file, corpus } of DEV_SETS) {
    const lines = (await readFile(path.join(dir, file), 'utf8')).split('\n').filter(l => l.trim() !== '')
    for (const line of lines) {
      const s = JSON.parse(line) as Sample
      const question = await questionOf(s)
      const role = s.relevant.length > 0 ? 'answerable' : file.startsWith('offtopic') ? 'offtopic' : 'unanswerable'
      const group = role === 'answerable' ? `${corpus}:${s.relevant[0] ?? ''}` : `${corpus}:${s.id}`
      items.push({ id: s.id, set: file.replace(/\.jsonl$/, ''), corpus, question, relevant: s.relevant, evidence: s.evidence ?? '', role, group })
    }
  }
  return items
}

/** The question a sample asks: its last turn made standalone from the earlier ones (as `quarry chat` does without an LLM) */
async function questionOf (s: Sample): Promise<string> {
  if (s.question !== undefined) return s.question
  const turns = s.turns ?? []
  const last = turns.at(-1)?.question ?? ''
  return await standaloneQuestion(last, turns.slice(0, -1).map(t => ({ question: t.question, answer: '' })))
}

/**
 * A generated negative for an answerable question: its first year, else its
 * first other number, else its first capitalised name (after the first word)
 * replaced by one its relevant page never states — a year shifted by 3 to 9,
 * a number scaled, a name taken from another page's question. Undefined when
 * the question has none of these.
 */
export function changeConstraint (item: Item, pageText: string, names: readonly string[], random: () => number): Item | undefined {
  const page = new Set(contentTerms(pageText))
  const absent = (word: string): boolean => contentTerms(word).every(t => !page.has(t))
  const tokens = item.question.split(/(\s+)/)
  const replaceAt = (i: number, word: string): Item => {
    const copy = [...tokens]
    copy[i] = (copy[i] ?? '').replace(/[\p{L}\p{N}][\p{L}\p{N}.,'’-]*[\p{L}\p{N}]|[\p{L}\p{N}]/u, word)
    return { ...item, id: `${item.id}~neg`, set: 'generated', question: copy.join(''), relevant: [], evidence: '', role: 'generated' }
  }
  const year = tokens.findIndex(t => /^\W*(1[89]\d\d|20\d\d)\W*$/.test(t))
  if (year >= 0) {
    const value = Number((tokens[year] ?? '').replace(/\D/g, ''))
    for (let tries = 0; tries < 20; tries++) {
      const shift = (3 + Math.floor(random() * 7)) * (random() < 0.5 ? -1 : 1)
      const candidate = String(value + shift)
      if (absent(candidate)) return replaceAt(year, candidate)
    }
  }
  const number = tokens.findIndex(t => /^\W*\d[\d,.]*\W*$/.test(t))
  if (number >= 0) {
    const value = Number((tokens[number] ?? '').replace(/[^\d.]/g, ''))
    for (let tries = 0; tries < 20; tries++) {
      const candidate = String(Math.round(value * (2 + Math.floor(random() * 5)) + 1 + Math.floor(random() * 9)))
      if (absent(candidate)) return replaceAt(number, candidate)
    }
  }
  const name = tokens.findIndex((t, i) => i > 0 && /^\W*\p{Lu}[\p{Ll}]{2,}\W*$/u.test(t) && page.has(contentTerms(t)[0] ?? ''))
  const proper = name >= 0 ? name : tokens.findIndex((t, i) => i > 0 && /^\W*\p{Lu}[\p{Ll}]{2,}\W*$/u.test(t))
  if (proper >= 0) {
    const pool = names.filter(n => absent(n) && !item.question.includes(n))
    const pick = pool[Math.floor(random() * pool.length)]
    if (pick !== undefined) return replaceAt(proper, pick)
  }
  return undefined
}

/** Capitalised names (after the first word) in questions, for {@link changeConstraint} */
export function questionNames (items: readonly Item[]): string[] {
  const names = new Set<string>()
  for (const item of items) {
    item.question.split(/\s+/).slice(1).forEach(w => {
      const bare = w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
      if (/^\p{Lu}[\p{Ll}]{2,}$/u.test(bare)) names.add(bare)
    })
  }
  return [...names].sort()
}

/**
 * Definition questions read off the corpus itself (weak supervision): for a
 * heading of one to four words whose section opens with a sentence defining
 * it ("A storage provider is …"), the question "What is <heading>?" with that
 * sentence as evidence. The dev sets hold few short "What is X?" questions;
 * these teach the ranker what a definition looks like. At most `max`, chosen
 * at random (seeded), one per heading.
 */
export function definitionItems (chunks: ReadonlyArray<{ path: string, text: string, headings?: string[] }>, corpus: CorpusKey, max: number, random: () => number): Item[] {
  const found = new Map<string, Item>()
  for (const chunk of chunks) {
    const heading = chunk.headings?.at(-1)?.replace(/[^\p{L}\p{N}\s-]/gu, '').trim()
    if (heading === undefined || heading === '' || heading.split(/\s+/).length > 4 || found.has(heading.toLowerCase())) continue
    const words = heading.split(/\s+/).map(w => w.replace(/[-]/g, '[- ]?')).join('\\s+')
    const defining = new RegExp(`(?:^|\\n)\\s*(?:(?:an?|the)\\s+)?[_*]*${words}[_*]*\\s+(is|are|refers to)\\b[^\\n]*`, 'i').exec(chunk.text)
    if (defining === null) continue
    const sentence = defining[0].trim().split(/(?<=[.!?])\s+/)[0] ?? ''
    const plural = defining[1]?.toLowerCase() === 'are'
    found.set(heading.toLowerCase(), {
      id: `def:${chunk.path}#${heading}`,
      set: 'generated-definitions',
      corpus,
      question: `What ${plural ? 'are' : 'is'} ${/^[A-Z0-9]{2,}/.test(heading) ? heading : heading.toLowerCase()}?`,
      relevant: [chunk.path],
      evidence: sentence,
      role: 'answerable',
      group: `${corpus}:${chunk.path}`
    })
  }
  const all = [...found.values()]
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const tmp = all[i] as Item
    all[i] = all[j] as Item
    all[j] = tmp
  }
  return all.slice(0, max)
}

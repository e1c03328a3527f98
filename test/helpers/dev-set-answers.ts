import { readFile, readdir } from 'node:fs/promises'
import { answer, type AnswerRecord, type ConversationTurn } from '../../agent/index.js'
import { shared } from './shared.js'
import type { QuarryIndex } from '../../indexes/index.js'

/** One line of a dev set (`../shared/eval/*.jsonl`): a question, or the turns of a conversation */
export interface DevQuestion {
  id: string
  question?: string
  turns?: Array<{ question: string }>
  relevant?: string[]
  evidence?: string
  kind?: string
}

/** The dev sets of one corpus: Filecoin docs or the JFK archive (the scanned-JFK set needs OCR'd PDFs and is left out) */
export async function devSets (corpus: 'filecoin' | 'jfk'): Promise<string[]> {
  const names = (await readdir(shared('eval'))).filter(n => n.endsWith('.jsonl') && !n.startsWith('scanned-')).sort()
  return names.filter(n => (corpus === 'jfk') === n.includes('jfk'))
}

/** The questions of a dev set */
export async function readDevSet (name: string): Promise<DevQuestion[]> {
  const text = await readFile(shared('eval', name), 'utf8')
  return text.split('\n').filter(l => l.trim() !== '').map(l => JSON.parse(l) as DevQuestion)
}

/**
 * Answer every question of the given dev sets from one index, in process
 * (extractive mode, the default); a conversation's later turns are asked
 * with the earlier turns as history, as `quarry chat` does.
 */
export async function answerDevSets (index: QuarryIndex, sets: readonly string[]): Promise<Array<{ set: string, id: string, record: AnswerRecord }>> {
  const out: Array<{ set: string, id: string, record: AnswerRecord }> = []
  for (const set of sets) {
    for (const q of await readDevSet(set)) {
      const history: ConversationTurn[] = []
      for (const question of q.question != null ? [q.question] : (q.turns ?? []).map(t => t.question)) {
        const record = await answer({ question, index, history })
        history.push({ question, answer: record.answer })
        out.push({ set, id: q.id, record })
      }
    }
  }
  return out
}

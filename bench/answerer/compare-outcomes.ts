/**
 * Two CV runs compared question by question (`--compare <earlier dump>`): how
 * many questions each figure gained and lost, and whether the difference is
 * more than the coin flips of a small set — an exact two-sided sign test over
 * the questions that changed (McNemar's test without ties). Most changes to
 * the answer model move one or two questions either way; this says so.
 */

import { readFile } from 'node:fs/promises'
import type { Outcome } from './evaluate.js'

/** What a `--dump` line holds that the comparison reads */
type Dumped = Pick<Outcome, 'id' | 'set' | 'role' | 'abstained' | 'relevantCited'>

/** One figure's change: questions that went from no to yes, from yes to no, and the sign test's p */
export interface FlipCount {
  gained: number
  lost: number
  p: number
}

/** The questions of a `--dump` file, by set and id */
export async function readDump (file: string): Promise<Map<string, Dumped>> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter(l => l.trim() !== '')
  return new Map(lines.map(line => {
    const o = JSON.parse(line) as Dumped
    return [`${o.set}/${o.id}`, o]
  }))
}

/**
 * Per figure, the flips from `before` to `after` over the questions both
 * hold: answerable relevant cited, answerable abstained, and unanswerable +
 * off-topic abstained (generated negatives left out, as in the overall line)
 */
export function compareOutcomes (before: ReadonlyMap<string, Dumped>, after: readonly Dumped[]): Record<'relevantCited' | 'answerableAbstained' | 'unanswerableAbstained', FlipCount> & { shared: number } {
  const pairs = after.flatMap(o => {
    const b = before.get(`${o.set}/${o.id}`)
    return b === undefined ? [] : [[b, o] as const]
  })
  const flips = (keep: (o: Dumped) => boolean, value: (o: Dumped) => boolean): FlipCount => {
    let gained = 0
    let lost = 0
    for (const [b, a] of pairs) {
      if (!keep(a)) continue
      if (!value(b) && value(a)) gained++
      if (value(b) && !value(a)) lost++
    }
    return { gained, lost, p: signTest(gained, lost) }
  }
  const answerable = (o: Dumped): boolean => o.role === 'answerable'
  const unanswerable = (o: Dumped): boolean => o.role === 'unanswerable' || o.role === 'offtopic'
  return {
    shared: pairs.length,
    relevantCited: flips(answerable, o => o.relevantCited),
    answerableAbstained: flips(answerable, o => o.abstained),
    unanswerableAbstained: flips(unanswerable, o => o.abstained)
  }
}

/** Exact two-sided sign test: the chance of a split at least this uneven among `a + b` fair coin flips */
export function signTest (a: number, b: number): number {
  const n = a + b
  if (n === 0) return 1
  const k = Math.min(a, b)
  let tail = 0
  let term = 0.5 ** n
  for (let i = 0; i <= k; i++) {
    tail += term
    term = term * (n - i) / (i + 1)
  }
  return Math.min(1, 2 * tail)
}

/** The comparison as one line per figure */
export function formatComparison (file: string, c: ReturnType<typeof compareOutcomes>): string {
  const line = (name: string, f: FlipCount): string => `  ${name}: +${f.gained} −${f.lost} (sign test p = ${f.p.toFixed(3)})\n`
  return `\nagainst ${file} (${c.shared} questions in both):\n` +
    line('answerable relevant cited', c.relevantCited) +
    line('answerable abstained', c.answerableAbstained) +
    line('unanswerable + off-topic abstained', c.unanswerableAbstained)
}

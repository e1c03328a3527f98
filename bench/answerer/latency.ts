/**
 * Answer latency against another checkout of Quarry (issue 21's goal: the
 * default answer step no slower than 2× the hand-made answerer of d3c6587):
 *
 *   node --import tsx bench/answerer/latency.ts --baseline <checkout> [--home <dir>] [--rounds 5] [--pairs 2] [--sets a,b]
 *
 * Each side runs in its own process from its own checkout (its own code and
 * node_modules), on the same home and indexes, the sides alternating
 * `--pairs` times (ours, baseline, ours, baseline: a load that changes during
 * the run weighs on both). A side answers every question of each dev set
 * `--rounds` times with `answer()` in the default mode, one after another,
 * and reports each round's p50. The first round reads the set's passages for
 * the first time (for the first set, in a fresh process whose code is still
 * compiling: what `quarry eval qa` measures); later rounds are a running
 * session's (`quarry chat`, an MCP server, answering again).
 * Printed per set: both sides' p50s and the ratio ours / baseline, first
 * round and later rounds (the median of their p50s), means over the pairs.
 */

import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs, promisify } from 'node:util'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SHARED = process.env.QUARRY_SHARED ?? path.join(ROOT, '../shared')
const SETS = ['filecoin-docs-dev', 'filecoin-docs-faq-dev', 'filecoin-docs-wide-dev', 'followups-dev', 'followups-wide-dev', 'unanswerable-filecoin-dev',
  'offtopic-dev', 'jfk-dev', 'jfk-wide-dev', 'unanswerable-jfk-dev']
/** The corpus each set is answered from: the Filecoin docs by name, the JFK records by their CID (as bench/answerer/train.ts opens them) */
const indexOf = (set: string): string => set.includes('jfk') ? 'bafybeihjuohb7q6vnkzk6v45ajjns2x3inkpgvocatikvpdkqrgbt2dxcu' : 'filecoin-docs'

const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string' },
    home: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    pairs: { type: 'string', default: '2' },
    sets: { type: 'string', default: SETS.join(',') },
    side: { type: 'string' }
  }
})
const rounds = Number(args.rounds)
const sets = (args.sets ?? '').split(',').filter(s => s !== '')

/** Per set, the p50 of each round (ms) */
type SideTimes = Record<string, number[]>

if (args.side !== undefined) {
  process.stdout.write(JSON.stringify(await runSide(args.side)))
  process.exit(0)
}
if (args.baseline === undefined) {
  process.stderr.write('--baseline <checkout> is required: a checkout of the code to compare with (e.g. `git worktree add ../base d3c6587 && (cd ../base && npm ci)`)\n')
  process.exit(2)
}
await main(path.resolve(args.baseline))

async function main (baseline: string): Promise<void> {
  const ours: SideTimes[] = []
  const theirs: SideTimes[] = []
  for (let pair = 0; pair < Number(args.pairs); pair++) {
    ours.push(await spawnSide(ROOT))
    theirs.push(await spawnSide(baseline))
  }
  process.stdout.write(`answer latency, p50 ms per round over each set's questions; ours ${ROOT}, baseline ${baseline}; ${rounds} rounds, ${ours.length} pairs (sides alternated)\n\n`)
  process.stdout.write('| set | first round: ours / baseline | ratio | later rounds: ours / baseline | ratio |\n|---|---:|---:|---:|---:|\n')
  for (const set of sets) {
    const first = (runs: SideTimes[]): number => mean(runs.map(r => r[set]?.[0] ?? NaN))
    const later = (runs: SideTimes[]): number => mean(runs.map(r => median((r[set] ?? []).slice(1))))
    const [a, b, c, d] = [first(ours), first(theirs), later(ours), later(theirs)]
    process.stdout.write(`| ${set} | ${a.toFixed(1)} / ${b.toFixed(1)} | ${(a / b).toFixed(2)}× | ${c.toFixed(1)} / ${d.toFixed(1)} | ${(c / d).toFixed(2)}× |\n`)
  }
}

/** Run one side in a fresh process from its checkout's root */
async function spawnSide (checkout: string): Promise<SideTimes> {
  const flags = ['--import', 'tsx', fileURLToPath(import.meta.url), '--side', checkout, '--rounds', String(rounds), '--sets', sets.join(','),
    ...(args.home !== undefined ? ['--home', args.home] : [])]
  const { stdout } = await promisify(execFile)(process.execPath, flags, { cwd: checkout, maxBuffer: 1 << 24 })
  return JSON.parse(stdout) as SideTimes
}

/** The worker: the checkout's own `answer()` over every set, `rounds` times */
async function runSide (checkout: string): Promise<SideTimes> {
  const load = async <T>(file: string): Promise<T> => await import(pathToFileURL(path.join(checkout, file)).href) as T
  await load('corpora/index.ts')
  const { openQuarrySession } = await load<{ openQuarrySession: (o: { home?: string }) => Promise<Session> }>('session/index.ts')
  const { answer } = await load<{ answer: (o: Record<string, unknown>) => Promise<unknown> }>('agent/index.ts')
  const session = await openQuarrySession(args.home !== undefined ? { home: args.home } : {})
  const out: SideTimes = {}
  try {
    for (const set of sets) {
      const index = await session.openIndex({ ref: indexOf(set) })
      const questions = await readQuestions(set)
      const p50s: number[] = []
      for (let r = 0; r < rounds; r++) {
        const times: number[] = []
        for (const q of questions) {
          const started = performance.now()
          await answer({ question: q.question, history: q.history, index })
          times.push(performance.now() - started)
        }
        p50s.push(median(times))
      }
      out[set] = p50s
    }
  } finally {
    await session.close()
  }
  return out
}

interface Session {
  openIndex: (o: { ref: string }) => Promise<unknown>
  close: () => Promise<void>
}

/** A set's questions: a follow-up is its last turn with the earlier ones as history (answers unknown) */
async function readQuestions (set: string): Promise<Array<{ question: string, history: Array<{ question: string, answer: string }> }>> {
  const lines = (await readFile(path.join(SHARED, 'eval', `${set}.jsonl`), 'utf8')).split('\n').filter(l => l.trim() !== '')
  return lines.map(line => {
    const s = JSON.parse(line) as { question?: string, turns?: Array<{ question: string }> }
    const turns = s.turns ?? [{ question: s.question ?? '' }]
    return { question: turns.at(-1)?.question ?? '', history: turns.slice(0, -1).map(t => ({ question: t.question, answer: '' })) }
  })
}

function median (xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2] ?? NaN : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2
}

function mean (xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length
}

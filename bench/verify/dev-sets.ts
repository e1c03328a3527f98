/**
 * Answer every question of some dev sets from one corpus of a Quarry home
 * and run `verifyAnswer` on each answer (and with `strict`): how many honest
 * answers verify, and how many sentences are verbatim.
 *
 *   npx tsx bench/verify/dev-sets.ts --home <dir> --corpus <name> <set.jsonl> …
 *
 * The home needs the corpus added (`quarry corpus add … --name <name>`);
 * a corpus without an index gets a lexical-only one. Prints one line per
 * failing answer and a summary line.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { answer, verifyAnswer, type ConversationTurn } from '../../agent/index.js'
import { openQuarrySession } from '../../session/index.js'

const { values, positionals } = parseArgs({ options: { home: { type: 'string' }, corpus: { type: 'string' } }, allowPositionals: true })
if (values.home == null || values.corpus == null || positionals.length === 0) {
  console.error('usage: npx tsx bench/verify/dev-sets.ts --home <dir> --corpus <name> <set.jsonl> …')
  process.exit(2)
}
const session = await openQuarrySession({ home: values.home })
try {
  const index = await session.openIndex({ ref: values.corpus, dense: 'none' })
  const node = await session.node.start()
  let answers = 0
  let failed = 0
  let strictFailed = 0
  let sentences = 0
  let verbatim = 0
  for (const set of positionals) {
    for (const line of (await readFile(set, 'utf8')).split('\n').filter(l => l.trim() !== '')) {
      const q = JSON.parse(line) as { id: string, question?: string, turns?: Array<{ question: string }> }
      const history: ConversationTurn[] = []
      for (const question of q.question != null ? [q.question] : (q.turns ?? []).map(t => t.question)) {
        const record = await answer({ question, index, history })
        history.push({ question, answer: record.answer })
        const v = await verifyAnswer(node, record)
        const strict = await verifyAnswer(node, record, { strict: true })
        answers++
        sentences += v.sentences.length
        verbatim += v.sentences.filter(s => s.verdict === 'verbatim').length
        if (strict.status !== 'verified') strictFailed++
        if (v.status !== 'verified') {
          failed++
          console.log(`${q.id}: ${v.status}: ${[...v.problems, ...v.sentences.flatMap(s => s.problems.map(p => `S${s.i} ${p}`)), ...v.citations.flatMap(c => c.problems)].join('; ')}`)
        }
      }
    }
  }
  console.log(`${answers} answers, ${sentences} sentences (${verbatim} verbatim): ${failed} fail verify, ${strictFailed} fail verify --strict`)
} finally {
  await session.close()
}

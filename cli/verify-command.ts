import { readFile } from 'node:fs/promises'
import { Command } from 'commander'
import type { AnswerRecord, AnswerVerification } from '../agent/index.js'
import { withNode, type GlobalOptions } from './context.js'
import { printJson, table } from './format.js'
import { sharedOption } from './options.js'
import { clip } from './print-answer.js'
import { stripTerminalControls } from './strip-terminal-controls.js'

/** Read and shape-check an answer record file (as written by `quarry ask --json` or `/save`) */
export async function readAnswerRecord (file: string): Promise<Pick<AnswerRecord, 'corpusCid' | 'citations'> & Partial<AnswerRecord>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new Error(`<answer.json>: cannot read "${file}": ${(err as Error).message}`, { cause: err })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new Error(`<answer.json>: "${file}" is not valid JSON: ${(err as Error).message}`, { cause: err })
  }
  const record = json as Partial<AnswerRecord> | null
  if (record == null || typeof record !== 'object' || typeof record.corpusCid !== 'string' || !Array.isArray(record.citations)) {
    throw new Error(`<answer.json>: "${file}" is not an answer record (it needs "corpusCid" and "citations"; save one with \`quarry ask --json\` or /save in \`quarry chat\`)`)
  }
  return record as Pick<AnswerRecord, 'corpusCid' | 'citations'> & Partial<AnswerRecord>
}

/**
 * Render a verification: a ✓/✗ table with one row per citation, one line per
 * answer sentence with its verdict, then every problem, then a summary line.
 */
export function formatVerification (v: AnswerVerification, record: Pick<AnswerRecord, 'citations'>): string {
  const rows = v.citations.map(c => {
    const path = record.citations.find(x => x.n === c.n)?.path ?? ''
    const mark = (b: boolean): string => b ? '✓' : '✗'
    return [`[${c.n}]`, c.ok ? '✓ ok' : '✗ FAIL', `${mark(c.documentFetched)} ${c.documentBlocks}`, mark(c.inCorpus), mark(c.chunkHashMatches), mark(c.quoteMatches), c.chunkCid, stripTerminalControls(path)]
  })
  const lines = [`corpus ${v.corpusCid}`, '']
  if (v.citations.length === 0) {
    lines.push('The answer has no citations to verify.')
  } else {
    lines.push(table(['cite', 'result', 'blocks hashed', 'in corpus', 'chunk hash', 'quote', 'chunk CID', 'path'], rows))
  }
  if (v.sentences.length > 0) lines.push('')
  for (const s of v.sentences) {
    const verdict = s.verdict === 'quote' ? 'quoted' : s.verdict
    lines.push(`S${s.i} ${s.ok ? (s.verdict === 'partly' ? '~ ok' : '✓ ok') : '✗ FAIL'} ${verdict.padEnd(11)} ${s.citations.map(n => `[${n}]`).join('')} ${clip(stripTerminalControls(s.text), 100)}`)
  }
  const failed = v.citations.filter(c => !c.ok)
  for (const c of failed) {
    lines.push('', `citation [${c.n}] failed:`)
    for (const p of c.problems) lines.push(`  - ${stripTerminalControls(p)}`)
  }
  const badSentences = v.sentences.filter(s => !s.ok)
  for (const s of badSentences) {
    lines.push('', `sentence S${s.i} failed:`)
    for (const p of s.problems) lines.push(`  - ${stripTerminalControls(p)}`)
  }
  for (const p of v.problems) lines.push('', `answer: ${p}`)
  const counts = `${v.citations.length} citations${v.sentences.length > 0 ? ` and ${v.sentences.length} sentences` : ''}`
  lines.push('', v.ok
    ? `✓ all ${counts} verify`
    : `✗ does not verify: ${[...failed.map(c => `[${c.n}]`), ...badSentences.map(s => `S${s.i}`), ...(v.problems.length > 0 ? ['answer text'] : [])].join(', ')} (of ${counts})`)
  return lines.join('\n') + '\n'
}

/** `quarry verify <answer.json>`: re-check every citation of a saved answer against IPFS; exit code 1 when any fails */
export function verifyCommand (): Command {
  return new Command('verify')
    .description('re-check a saved answer against IPFS: re-hash every cited document block, its path in the corpus, chunk and quote, and every sentence (exit code 1 when anything fails)')
    .argument('<answer.json>', 'answer record from `quarry ask --json` or /save in `quarry chat`')
    .addOption(sharedOption('json', 'print the verification as JSON'))
    .action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>()
      const record = await readAnswerRecord(file)
      const { verifyAnswer } = await import('../agent/index.js')
      await withNode(g, async (ctx) => {
        const v = await verifyAnswer(await ctx.node.start(), record, { offline: !ctx.node.online })
        if (opts.json === true) printJson(v)
        else process.stdout.write(formatVerification(v, record))
        if (!v.ok) process.exitCode = 1
      })
    })
}

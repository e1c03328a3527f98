import { readFile } from 'node:fs/promises'
import { Command } from 'commander'
import type { AnswerRecord, AnswerVerification } from '../agent/index.js'
import { withNode, type GlobalOptions } from './context.js'
import { printJson, table } from './format.js'
import { sharedOption } from './options.js'

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

/** Render a verification as a per-citation ✓/✗ table followed by each failing citation's problems */
export function formatVerification (v: AnswerVerification, record: Pick<AnswerRecord, 'citations'>): string {
  const rows = v.citations.map(c => {
    const path = record.citations.find(x => x.n === c.n)?.path ?? ''
    const mark = (b: boolean): string => b ? '✓' : '✗'
    return [`[${c.n}]`, c.ok ? '✓ ok' : '✗ FAIL', mark(c.documentFetched), mark(c.inCorpus), mark(c.chunkHashMatches), mark(c.quoteMatches), c.chunkCid, path]
  })
  const lines = [`corpus ${v.corpusCid}`, '']
  if (v.citations.length === 0) {
    lines.push('The answer has no citations to verify.')
  } else {
    lines.push(table(['cite', 'result', 'fetched', 'in corpus', 'chunk hash', 'quote', 'chunk CID', 'path'], rows))
  }
  const failed = v.citations.filter(c => !c.ok)
  for (const c of failed) {
    lines.push('', `citation [${c.n}] failed:`)
    for (const p of c.problems) lines.push(`  - ${p}`)
  }
  lines.push('', failed.length === 0
    ? `✓ all ${v.citations.length} citations verify`
    : `✗ ${failed.length} of ${v.citations.length} citations do not verify: ${failed.map(c => `[${c.n}]`).join(', ')}`)
  return lines.join('\n') + '\n'
}

/** `quarry verify <answer.json>`: re-check every citation of a saved answer against IPFS; exit code 1 when any fails */
export function verifyCommand (): Command {
  return new Command('verify')
    .description('re-check every citation of a saved answer record against IPFS (exit code 1 when any fails)')
    .argument('<answer.json>', 'answer record from `quarry ask --json` or /save in `quarry chat`')
    .addOption(sharedOption('json', 'print the verification as JSON'))
    .action(async (file: string, opts: { json?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>()
      const record = await readAnswerRecord(file)
      const { verifyAnswer } = await import('../agent/index.js')
      await withNode(g, async (ctx) => {
        const v = await verifyAnswer(ctx.node.fs, record, { offline: !ctx.node.online })
        if (opts.json === true) printJson(v)
        else process.stdout.write(formatVerification(v, record))
        if (!v.ok) process.exitCode = 1
      })
    })
}

import { readFile } from 'node:fs/promises'
import { Command, Option } from 'commander'
import type { AnswerRecord, AnswerVerification } from '../agent/index.js'
import { withNode, type GlobalOptions } from './context.js'
import { printJson, table } from './format.js'
import { sharedOption } from './options.js'
import { clip } from './print-answer.js'
import { stripTerminalControls } from './strip-terminal-controls.js'
import { formatRederived, rederiveCited } from './rederive-cited.js'

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

/** Marks for a paraphrase's tests: ✓ passed, ~ partly, ✗ failed */
const CHECK_MARK = { pass: '✓', partly: '~', fail: '✗' } as const

/** One sentence's line: its verdict (verbatim or paraphrase, never a plain ✓ for a paraphrase) and text */
function sentenceLine (s: AnswerVerification['sentences'][number]): string {
  const state = s.ok ? (s.verdict === 'verbatim' ? '✓ ok' : '~ ok') : s.unchecked ? '? unchecked' : '✗ FAIL'
  const kind = s.verdict === 'verbatim' ? 'verbatim' : `paraphrase (${s.verdict})`
  const line = `S${s.i} ${state} ${kind} ${s.citations.map(n => `[${n}]`).join('')} ${clip(stripTerminalControls(s.text), 100)}`
  if (s.source != null) return `${line}\n    words of [${s.source.n}] at document bytes ${s.source.byteStart}–${s.source.byteEnd}`
  if (s.checks == null) return line
  return `${line}\n    heuristic checks: ${Object.entries(s.checks).map(([k, o]) => `${k} ${CHECK_MARK[o]}`).join('  ')}`
}

/**
 * What could not be checked and how to supply it, in one line (exit code 2):
 * the blocks are missing from this home, and with no network they can only
 * come from `--gateway` or `--peer`.
 */
export function uncheckedLine (v: AnswerVerification, online: boolean): string {
  const cites = [...new Set(v.missing.map(m => /^\[\d+\]/.exec(m)?.[0] ?? ''))].filter(x => x !== '').join(', ')
  return online
    ? `? could not check ${cites}: their blocks are not in this home and the given --gateway/--peer did not supply them; try another --gateway <url> or --peer <multiaddr>`
    : `? could not check ${cites}: their blocks are not in this home and no network was given; rerun with --gateway <url> or --peer <multiaddr> (or set QUARRY_GATEWAYS / QUARRY_PEERS)`
}

/**
 * Render a verification: a ✓/✗ table with one row per citation, one line per
 * answer sentence with its verdict (verbatim, or a paraphrase with the
 * heuristic checks it passed), then every problem, then a summary line.
 */
export function formatVerification (v: AnswerVerification, record: Pick<AnswerRecord, 'citations'>, options: { online?: boolean } = {}): string {
  const rows = v.citations.map(c => {
    const path = record.citations.find(x => x.n === c.n)?.path ?? ''
    const mark = (b: boolean): string => b ? '✓' : '✗'
    const unread = c.missing.length > 0 && c.problems.length === 0
    const result = c.ok ? '✓ ok' : unread ? '? unchecked' : '✗ FAIL'
    const m = (b: boolean): string => unread && !b ? '?' : mark(b)
    return [`[${c.n}]`, result, `${m(c.documentFetched)} ${c.documentBlocks}`, m(c.inCorpus), m(c.chunkHashMatches), m(c.quoteMatches), c.chunkCid, stripTerminalControls(path)]
  })
  const lines = [`corpus ${v.corpusCid}`, '']
  if (v.citations.length === 0) {
    lines.push('The answer has no citations to verify.')
  } else {
    lines.push(table(['cite', 'result', 'blocks hashed', 'in corpus', 'chunk hash', 'quote', 'chunk CID', 'path'], rows))
  }
  const derived = v.citations.filter(c => c.derivation != null)
  if (derived.length > 0) lines.push('')
  for (const c of derived) {
    const d = c.derivation!
    lines.push(`[${c.n}] text read by ${d.engine} from ${stripTerminalControls(record.citations.find(x => x.n === c.n)?.path ?? '')} p. ${d.page} (${d.sourceCid}): page image ${d.pageImageCid} in its blocks, confidence ${d.confidence}%, record ${d.recordCid}`)
    if (d.lowConfidenceWords.length > 0) lines.push(`    read with low confidence in the quote (check them on the page image): ${d.lowConfidenceWords.map(w => `"${stripTerminalControls(w.text)}" ${Math.round(w.confidence)}%`).join(', ')}`)
  }
  if (v.sentences.length > 0) lines.push('')
  for (const s of v.sentences) lines.push(sentenceLine(s))
  const failed = v.citations.filter(c => c.problems.length > 0)
  for (const c of failed) {
    lines.push('', `citation [${c.n}] failed:`)
    for (const p of c.problems) lines.push(`  - ${stripTerminalControls(p)}`)
  }
  const badSentences = v.sentences.filter(s => !s.ok && !s.unchecked)
  for (const s of badSentences) {
    lines.push('', `sentence S${s.i} failed:`)
    for (const p of s.problems) lines.push(`  - ${stripTerminalControls(p)}`)
  }
  for (const p of v.problems) lines.push('', `answer: ${p}`)
  if (v.missing.length > 0) {
    lines.push('', 'not checked (missing blocks):')
    for (const m of v.missing) lines.push(`  - ${stripTerminalControls(m)}`)
  }
  const counts = `${v.citations.length} citations${v.sentences.length > 0 ? ` and ${v.sentences.length} sentences` : ''}`
  const verbatim = v.sentences.filter(s => s.verdict === 'verbatim').length
  const kinds = v.sentences.length > 0 ? ` (${verbatim} verbatim, ${v.sentences.length - verbatim} paraphrased: heuristic checks only${v.strict ? '' : '; --strict fails paraphrases'})` : ''
  if (v.status === 'verified') lines.push('', `✓ all ${counts} verify${kinds}`)
  else if (v.status === 'unchecked') lines.push('', uncheckedLine(v, options.online ?? false))
  else lines.push('', `✗ does not verify: ${[...failed.map(c => `[${c.n}]`), ...badSentences.map(s => `S${s.i}`), ...(v.problems.length > 0 ? ['answer'] : [])].join(', ')} (of ${counts})`)
  return lines.join('\n') + '\n'
}

/** Exit code of `quarry verify`: 0 verified, 1 something is false, 2 could not check */
export function verifyExitCode (v: Pick<AnswerVerification, 'status'>): number {
  return v.status === 'verified' ? 0 : v.status === 'false' ? 1 : 2
}

/** `quarry verify <answer.json>`: re-check every citation of a saved answer against IPFS; exit code 0 verified, 1 false, 2 could not check */
export function verifyCommand (): Command {
  return new Command('verify')
    .description('re-check a saved answer against IPFS: re-hash every cited document block, its path in the corpus, chunk and quote, and judge every sentence as verbatim or paraphrase (exit code 0 verified, 1 something is false, 2 could not check: blocks missing)')
    .argument('<answer.json>', 'answer record from `quarry ask --json` or /save in `quarry chat`')
    .addOption(new Option('--strict', 'fail every sentence that is not verbatim in its quote (a paraphrase passes only heuristic checks)'))
    .addOption(new Option('--rederive', 're-run OCR on the cited pages of scans and say whether their text is reproduced (same engine: identical; else the edit distance)'))
    .addOption(sharedOption('json', 'print the verification as JSON'))
    .action(async (file: string, opts: { json?: boolean, strict?: boolean, rederive?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>()
      const record = await readAnswerRecord(file)
      const { verifyAnswer } = await import('../agent/index.js')
      await withNode(g, async (ctx) => {
        const v = await verifyAnswer(await ctx.node.start(), record, { offline: !ctx.node.online, strict: opts.strict === true })
        const rederived = opts.rederive === true ? await rederiveCited(ctx.node.blocks, v) : undefined
        if (opts.json === true) printJson(rederived != null ? { ...v, rederived } : v)
        else process.stdout.write(formatVerification(v, record, { online: ctx.node.online }) + (rederived != null ? formatRederived(rederived) : ''))
        if (v.status === 'unchecked' && opts.json === true) process.stderr.write(`${uncheckedLine(v, ctx.node.online)}\n`)
        process.exitCode = rederived?.some(r => r.sameEngine && !r.identical) === true ? 1 : verifyExitCode(v)
      })
    })
}

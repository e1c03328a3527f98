import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { renderAnswer, type AnswerRecord, type AnswerVerification } from '../agent/index.js'
import { runCli, type CliResult } from './helpers/cli.js'
import { NO_LLM } from './helpers/test-home.js'
import { HAS_SHARED, shared, tempDir } from './helpers/shared.js'

/** The three JFK records whose reports conclude that NOSENKO was a bona fide defector */
const NOSENKO = ['104-10106-10300.md', '104-10106-10312.md', '104-10418-10202.md']

/**
 * Issue 22's forgery, through the CLI: a saved JFK answer with "NOSENKO was a
 * bona fide defector" changed to "a false defector" (sentence and answer
 * text) and `mode` changed from extractive to llm must still fail: the
 * record's claims choose nothing, and the antonym is caught.
 */
describe.skipIf(!HAS_SHARED)('quarry verify on a forged JFK answer', () => {
  let dir: string
  let cleanup: () => Promise<void>
  let home: string
  let record: AnswerRecord
  const cli = async (args: string[]): Promise<CliResult> => runCli(args, { home, env: NO_LLM, timeoutMs: 300_000 })
  const verify = async (name: string, r: AnswerRecord, flags: string[] = []): Promise<CliResult> => {
    const file = join(dir, `${name}.json`)
    await writeFile(file, JSON.stringify(r, null, 2))
    return cli(['verify', file, ...flags])
  }

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('quarry-verify-jfk-'))
    home = join(dir, 'home')
    const folder = join(dir, 'jfk')
    await mkdir(folder)
    const docs = shared('corpora/jfk-2025-0318/docs')
    const others = (await readdir(docs)).filter(n => n.startsWith('104-10106-') && !NOSENKO.includes(n)).sort().slice(0, 30)
    for (const n of [...NOSENKO, ...others]) await copyFile(join(docs, n), join(folder, n))
    expect((await cli(['corpus', 'add', folder, '--name', 'jfk-nosenko'])).code).toBe(0)
    const res = await cli(['ask', 'What did both reports conclude about NOSENKO?', '--corpus', 'jfk-nosenko', '--json'])
    expect(res.code, res.stderr).toBe(0)
    record = JSON.parse(res.stdout) as AnswerRecord
  }, 600_000)
  afterAll(async () => cleanup())

  it('verifies the honest answer, whose quote crosses OCR line breaks, as verbatim (exit 0)', async () => {
    expect(record.sentences.some(s => /bona fide defector/.test(s.text))).toBe(true)
    const res = await verify('honest', record, ['--strict'])
    expect(res.code, res.stdout).toBe(0)
    expect(res.stdout).toMatch(/^S\d ✓ ok verbatim .*bona fide defector/m)
  })

  it('fails "bona fide" changed to "false" with the mode changed to llm (exit 1, antonym named)', async () => {
    const forged = structuredClone(record)
    for (const s of forged.sentences) s.text = s.text.replace('bona fide defector', 'false defector')
    forged.answer = renderAnswer(forged.sentences)
    forged.mode = 'llm'
    const res = await verify('forged', forged)
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/^S\d ✗ FAIL paraphrase \(unsupported\) .*false defector/m)
    expect(res.stdout).toContain('antonym: the sentence says "false" where the quote says "bona fide"')
    const json = await verify('forged-json', forged, ['--json'])
    expect((JSON.parse(json.stdout) as AnswerVerification).status).toBe('false')
  })
})

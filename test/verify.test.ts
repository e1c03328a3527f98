import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { runCli } from './helpers/cli.js'
import { NO_LLM, prepareHome } from './helpers/test-home.js'
import { HAS_SHARED } from './helpers/shared.js'
import type { AnswerRecord, AnswerVerification } from '../agent/index.js'



describe.skipIf(!HAS_SHARED)('quarry verify', () => {
  let home: { dir: string, cleanup: () => Promise<void> }
  let record: AnswerRecord
  const cli = async (args: string[]): ReturnType<typeof runCli> => runCli(args, { home: home.dir, env: NO_LLM })

  /** Save a (possibly tampered) copy of the record and run `quarry verify` on it */
  const verify = async (name: string, change: (r: AnswerRecord) => void = () => {}, flags: string[] = []): ReturnType<typeof runCli> => {
    const copy = structuredClone(record)
    change(copy)
    const file = join(home.dir, `${name}.json`)
    await writeFile(file, JSON.stringify(copy, null, 2))
    return cli(['verify', file, ...flags])
  }

  beforeAll(async () => {
    home = await prepareHome('quarry-verify-')
    const res = await cli(['ask', 'What is a storage provider?', '--json'])
    if (res.code !== 0) throw new Error(`quarry ask failed: ${res.stderr}`)
    record = JSON.parse(res.stdout) as AnswerRecord
  })
  afterAll(async () => { await home?.cleanup() })

  it('accepts a saved answer: every citation verifies, exit code 0', async () => {
    expect(record.citations.length).toBeGreaterThan(0)
    const res = await verify('good')
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdout).toContain(`✓ all ${record.citations.length} citations verify`)
    expect(res.stdout).toMatch(/^\[1\] +✓ ok/m)
    const json = await verify('good-json', undefined, ['--json'])
    expect(json.code).toBe(0)
    const v = JSON.parse(json.stdout) as AnswerVerification
    expect(v.ok).toBe(true)
    expect(v.citations.every(c => c.documentFetched && c.inCorpus && c.chunkHashMatches && c.quoteMatches)).toBe(true)
  })

  it('detects a tampered quote', async () => {
    const res = await verify('quote', r => { const c = r.citations[0]; if (c != null) c.quote = c.quote.replace(/\w+/, 'Ethereum') })
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/^\[1\] +✗ FAIL/m)
    expect(res.stdout).toContain('citation [1] failed:')
    expect(res.stdout).toContain('the quote is not what the document says')
  })

  it('detects a tampered chunkCid', async () => {
    const other = record.contexts.find(c => c.chunkCid !== record.citations[0]?.chunkCid)?.chunkCid ?? ''
    const res = await verify('chunk', r => { const c = r.citations[0]; if (c != null) c.chunkCid = other })
    expect(res.code).toBe(1)
    expect(res.stdout).toContain('citation [1] failed:')
    expect(res.stdout).toContain(`do not hash to ${other}`)
  })

  it('detects a tampered docCid', async () => {
    const cited = record.citations[0]
    const other = record.contexts.find(c => c.docCid !== cited?.docCid)?.docCid ?? 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
    const res = await verify('doc', r => { const c = r.citations[0]; if (c != null) c.docCid = other })
    expect(res.code).toBe(1)
    expect(res.stdout).toContain('citation [1] failed:')
    expect(res.stdout).toContain(`document ${other} is not at "${cited?.path ?? ''}" in corpus`)
    const json = await verify('doc-json', r => { const c = r.citations[0]; if (c != null) c.docCid = other }, ['--json'])
    expect(json.code).toBe(1)
    expect((JSON.parse(json.stdout) as AnswerVerification).citations[0]?.inCorpus).toBe(false)
  })

  it('rejects a file that is not an answer record, naming the argument', async () => {
    const file = join(home.dir, 'not-json.json')
    await writeFile(file, '{ nope')
    const bad = await cli(['verify', file])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('<answer.json>')
    await writeFile(file, '{"question":"q"}')
    const shape = await cli(['verify', file])
    expect(shape.code).toBe(1)
    expect(shape.stderr).toContain('is not an answer record')
  })
})

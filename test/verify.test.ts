import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { renderAnswer } from '../agent/index.js'
import { createQuarryNode, serveGateway } from '../corpora/index.js'
import { chunkCid } from '../indexes/index.js'
import { runCli } from './helpers/cli.js'
import { NO_LLM, prepareHome } from './helpers/test-home.js'
import { HAS_SHARED, tempDir } from './helpers/shared.js'
import type { AnswerRecord, AnswerVerification } from '../agent/index.js'

/** Every file under a folder */
async function filesUnder (dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...await filesUnder(p))
    else out.push(p)
  }
  return out
}



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
    expect(res.stdout).toContain(`✓ all ${record.citations.length} citations and ${record.sentences.length} sentences verify`)
    expect(res.stdout).toMatch(/^S1 ✓ ok verbatim /m)
    expect(res.stdout).toMatch(/^ {4}words of \[\d+\] at document bytes \d+–\d+$/m)
    expect(res.stdout).toMatch(/^\[1\] +✓ ok/m)
    const json = await verify('good-json', undefined, ['--json'])
    expect(json.code).toBe(0)
    const v = JSON.parse(json.stdout) as AnswerVerification
    expect(v.ok).toBe(true)
    expect(v.citations.every(c => c.documentFetched && c.documentBlocks > 0 && c.inCorpus && c.chunkHashMatches && c.quoteMatches)).toBe(true)
    expect(v.sentences.map(s => s.verdict)).toEqual(record.sentences.map(() => 'verbatim'))
    expect(v.status).toBe('verified')
    // each verbatim sentence is located inside its quote's byte range
    for (const s of v.sentences) {
      const c = record.citations.find(x => x.n === s.source?.n)
      expect(c).toBeDefined()
      expect(s.source?.byteStart).toBeGreaterThanOrEqual(c?.byteStart ?? Infinity)
      expect(s.source?.byteEnd).toBeLessThanOrEqual(c?.byteEnd ?? -1)
    }
  })

  it('detects a changed answer text, naming it', async () => {
    const res = await verify('answer', r => { r.answer = r.answer.replace(/\b(\w{4,})\b/, 'Ethereum') })
    expect(res.code).toBe(1)
    expect(res.stdout).toContain('answer: the answer text is not its sentences')
  })

  it('detects a changed sentence (even with the answer text made to match)', async () => {
    const res = await verify('sentence', r => {
      const s = r.sentences[0]
      if (s != null) s.text = s.text.replace(/\b(is|are|can|will|must)\b/, '$1 not')
      r.answer = renderAnswer(r.sentences)
    })
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/^S1 ✗ FAIL/m)
    expect(res.stdout).toContain('sentence S1 failed:')
    expect(res.stdout).toContain('negation mismatch')
  })

  it('re-hashes the stored document: one letter changed on disk fails even when the record is made to match', async () => {
    const t = await tempDir('quarry-verify-tamper-')
    try {
      const { cp } = await import('node:fs/promises')
      await cp(home.dir, t.dir, { recursive: true })
      const c = record.citations[0] as AnswerRecord['citations'][number]
      const needle = Buffer.from(c.quote.slice(0, 40), 'utf8')
      let tampered = ''
      for (const f of await filesUnder(join(t.dir, 'blocks'))) {
        const bytes = await readFile(f)
        const at = bytes.indexOf(needle)
        if (at === -1) continue
        const i = at + needle.findIndex(b => b >= 0x61 && b <= 0x79)
        bytes[i] = (bytes[i] as number) + 1
        await writeFile(f, bytes)
        tampered = f
      }
      expect(tampered).not.toBe('')
      const altered = structuredClone(record)
      const ac = altered.citations[0] as AnswerRecord['citations'][number]
      const doc = await readFile(tampered)
      const chunkText = doc.subarray(ac.chunkByteStart, ac.chunkByteEnd).toString('utf8')
      ac.chunkCid = (await chunkCid(chunkText)).toString()
      ac.quote = doc.subarray(ac.byteStart, ac.byteEnd).toString('utf8')
      expect(ac.quote).not.toBe(c.quote)
      const file = join(t.dir, 'altered.json')
      await writeFile(file, JSON.stringify(altered))
      const res = await runCli(['verify', file], { home: t.dir, env: NO_LLM })
      expect(res.code).toBe(1)
      expect(res.stdout).toContain('citation [1] failed:')
      expect(res.stdout).toMatch(/does not match its CID: the stored data has been altered/)
    } finally {
      await t.cleanup()
    }
  })

  it('verifies on a machine that has only the record and a gateway', async () => {
    const empty = await tempDir('quarry-verify-empty-')
    const source = await createQuarryNode({ home: home.dir })
    const gateway = await serveGateway(source.helia)
    try {
      const file = join(empty.dir, 'answer.json')
      await writeFile(file, JSON.stringify(record))
      // could not check (exit 2), not false (exit 1): one line names what is missing and how to supply it
      const offline = await runCli(['verify', file], { home: empty.dir, env: NO_LLM })
      expect(offline.code).toBe(2)
      expect(offline.stdout).toMatch(/is not in the local store and the node is offline: fetch it .*--gateway <url> or --peer <multiaddr>/)
      const last = offline.stdout.trim().split('\n').at(-1) ?? ''
      expect(last).toMatch(/^\? could not check \[1\].*: their blocks are not in this home and no network was given; rerun with --gateway <url> or --peer <multiaddr>/)
      expect(offline.stdout).not.toContain('✗')
      const offlineJson = await runCli(['verify', file, '--json'], { home: empty.dir, env: NO_LLM })
      expect(offlineJson.code).toBe(2)
      expect((JSON.parse(offlineJson.stdout) as AnswerVerification).status).toBe('unchecked')
      expect(offlineJson.stderr).toMatch(/could not check .*--gateway <url>/)
      const res = await runCli(['verify', file, '--gateway', gateway.url], { home: empty.dir, env: NO_LLM })
      expect(res.stderr).toBe('')
      expect(res.code).toBe(0)
      expect(res.stdout).toContain(`✓ all ${record.citations.length} citations`)
      expect(gateway.served()).toBeGreaterThan(0)
    } finally {
      await gateway.close()
      await source.stop()
      await empty.cleanup()
    }
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
    expect(res.stdout).toContain(`document ${other} is not at "${cited?.path ?? ''}" in corpus (that path holds ${cited?.docCid ?? ''})`)
    const json = await verify('doc-json', r => { const c = r.citations[0]; if (c != null) c.docCid = other }, ['--json'])
    expect(json.code).toBe(1)
    expect((JSON.parse(json.stdout) as AnswerVerification).citations[0]?.inCorpus).toBe(false)
  })

  it('judges sentences whatever the record claims: a mode edit changes nothing, a forged sentence fails in any mode', async () => {
    const honest = await verify('mode-llm', r => { r.mode = 'llm' })
    expect(honest.code).toBe(0)
    expect(honest.stdout).toMatch(/^S1 ✓ ok verbatim /m)
    const forge = (r: AnswerRecord): void => {
      const s = r.sentences[0]
      if (s != null) s.text = s.text.replace(/\b(is|are|can|will|must)\b/, '$1 not')
      r.answer = renderAnswer(r.sentences)
    }
    for (const mode of ['extractive', 'llm', 'agent'] as const) {
      const res = await verify(`forged-${mode}`, r => { forge(r); r.mode = mode })
      expect(res.code).toBe(1)
      expect(res.stdout).toMatch(/^S1 ✗ FAIL paraphrase \(unsupported\)/m)
      expect(res.stdout).toMatch(/heuristic checks: .*negation ✗/)
    }
  })

  it('reports a paraphrase as one, never a plain ✓, and --strict fails it', async () => {
    // the first sentence with its final stop replaced: the same words, no longer its quote's exact text
    const paraphrase = (r: AnswerRecord): void => {
      const s = r.sentences[0]
      if (s != null) s.text = s.text.replace(/[.!?]?$/, ';')
      r.answer = renderAnswer(r.sentences)
      r.mode = 'llm'
    }
    const lenient = await verify('paraphrase', paraphrase)
    expect(lenient.code).toBe(0)
    expect(lenient.stdout).toMatch(/^S1 ~ ok paraphrase \(supported\)/m)
    expect(lenient.stdout).toMatch(/heuristic checks: quotations ✓ {2}alterations ✓ {2}negation ✓ {2}antonyms ✓ {2}numbers ✓ {2}dates ✓ {2}entities ✓ {2}coverage ✓/)
    expect(lenient.stdout).toMatch(/1 paraphrased: heuristic checks only; --strict fails paraphrases/)
    const strict = await verify('paraphrase-strict', paraphrase, ['--strict'])
    expect(strict.code).toBe(1)
    expect(strict.stdout).toContain('not verbatim: strict verification accepts only sentences that are their quote')
    expect((await verify('honest-strict', undefined, ['--strict'])).code).toBe(0)
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

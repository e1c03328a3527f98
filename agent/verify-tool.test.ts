import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chunkCid } from '../indexes/index.js'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { tempDir } from '../test/helpers/shared.js'
import { createToolContext } from '../tools/index.js'
import { verifyTool } from './verify-tool.js'
import type { Citation } from './answer-record.js'

const PAGE = '# Deals\n\nA storage deal is an agreement between a client and a storage provider. Deals last at least 180 days.\n'

describe('quarry_verify', () => {
  let session: QuarrySession
  let cleanup: () => Promise<void>
  let record: { corpusCid: string, citations: Citation[] }

  beforeAll(async () => {
    const t = await tempDir('quarry-verify-tool-')
    cleanup = t.cleanup
    const folder = join(t.dir, 'docs')
    await mkdir(folder)
    await writeFile(join(folder, 'deals.md'), PAGE)
    session = await openQuarrySession({ home: join(t.dir, 'home') })
    const entry = await session.corpora.add(folder, { name: 'docs' })
    let docCid = ''
    for await (const f of session.corpora.files((await session.corpora.resolve('docs')).cid)) docCid = f.cid.toString()
    const bytes = Buffer.from(PAGE, 'utf8')
    const chunkStart = bytes.indexOf('A storage deal')
    const chunkText = bytes.subarray(chunkStart).toString('utf8')
    const quote = 'Deals last at least 180 days.'
    const quoteStart = bytes.indexOf(quote)
    record = {
      corpusCid: entry.cid,
      citations: [{
        n: 1,
        chunkCid: (await chunkCid(chunkText)).toString(),
        docCid,
        path: 'deals.md',
        title: 'Deals',
        quote,
        byteStart: quoteStart,
        byteEnd: quoteStart + Buffer.byteLength(quote),
        chunkByteStart: chunkStart,
        chunkByteEnd: bytes.byteLength
      }]
    }
  })
  afterAll(async () => {
    await session?.close()
    await cleanup()
  })

  it('passes an untouched record (extra answer-record fields allowed)', async () => {
    const tool = verifyTool(createToolContext(session))
    const full = { ...record, version: 1, mode: 'extractive', answer: 'Deals last at least 180 days. [1]', sentences: [{ text: 'Deals last at least 180 days.', citations: [1] }] }
    const out = await tool.execute(tool.schema.parse({ record: full }), {})
    expect(out.ok).toBe(true)
    expect(out.sentences).toMatchObject([{ i: 1, ok: true, verdict: 'verbatim' }])
    expect(out.citations[0]).toMatchObject({ n: 1, ok: true, inCorpus: true, chunkHashMatches: true, quoteMatches: true, problems: [] })
  })

  it('fails a tampered quote and says why', async () => {
    const tool = verifyTool(createToolContext(session))
    const c = record.citations[0] as Citation
    const tampered = { ...record, citations: [{ ...c, quote: 'Deals last at least 999 days.' }] }
    const out = await tool.execute(tool.schema.parse({ record: tampered }), {})
    expect(out.ok).toBe(false)
    expect(out.citations[0]?.quoteMatches).toBe(false)
    expect(out.citations[0]?.problems.join(' ')).toMatch(/quote is not what the document says/)
  })

  it('fails a sentence its quote does not support (llm mode) and an answer that is not its sentences', async () => {
    const tool = verifyTool(createToolContext(session))
    const lie = { ...record, mode: 'llm', answer: 'Deals last at least 540 days. [1]', sentences: [{ text: 'Deals last at least 540 days.', citations: [1] }] }
    const out = await tool.execute(tool.schema.parse({ record: lie }), {})
    expect(out.ok).toBe(false)
    expect(out.citations[0]?.ok).toBe(true)
    expect(out.sentences[0]).toMatchObject({ ok: false, verdict: 'unsupported' })
    expect(out.sentences[0]?.problems.join(' ')).toMatch(/"540 d" is not in the quote/)
    const edited = await tool.execute(tool.schema.parse({ record: { ...lie, answer: 'Deals last forever. [1]', sentences: [{ text: 'Deals last at least 180 days.', citations: [1] }] } }), {})
    expect(edited.ok).toBe(false)
    expect(edited.problems.join(' ')).toMatch(/answer text is not its sentences/)
  })

  it('rejects a record without corpusCid or citations', () => {
    const tool = verifyTool(createToolContext(session))
    expect(tool.schema.safeParse({ record: { citations: [] } }).success).toBe(false)
    expect(tool.schema.safeParse({ record: { corpusCid: 'bafy' } }).success).toBe(false)
    expect(tool.schema.safeParse({ corpusCid: 'bafy', citations: [] }).success).toBe(false)
  })
})

import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { CID } from 'multiformats/cid'
import { chunkCid } from '../indexes/index.js'
import type { QuarrySession } from '../session/index.js'
import { openTestSession } from '../test/helpers/test-home.js'
import { listCorporaTool } from './list-corpora-tool.js'
import { readTool } from './read-tool.js'
import { fitToLimit, searchTool } from './search-tool.js'
import { createToolContext, type ToolContext } from './tool-context.js'

describe('quarry_search, quarry_read and quarry_list_corpora on the Filecoin docs', () => {
  let session: QuarrySession
  let ctx: ToolContext
  let close = async (): Promise<void> => {}

  beforeAll(async () => {
    ({ session, close } = await openTestSession('quarry-search-tool-'))
    ctx = createToolContext(session)
    await ctx.openIndex()
  }, 900_000)
  afterAll(async () => close())

  it('returns ranked passages with string CIDs that hash to their text', async () => {
    const tool = searchTool(ctx)
    const out = await tool.execute(tool.schema.parse({ query: 'How long does a storage deal last?', k: 4 }), {})
    expect(out.mode).toBe('hybrid')
    expect(out.corpusName).toBe('filecoin-docs')
    expect(out.indexCid).toMatch(/^bafy/)
    expect(out.results).toHaveLength(4)
    expect(out.results.map(r => r.rank)).toEqual([1, 2, 3, 4])
    for (const r of out.results) {
      expect(typeof r.chunkCid).toBe('string')
      expect((await chunkCid(r.text ?? '')).toString()).toBe(r.chunkCid)
      expect(CID.parse(r.docCid).toString()).toBe(r.docCid)
      expect(r.path).toMatch(/\.md$/)
    }
    expect(JSON.parse(JSON.stringify(out))).toEqual(out)
  })

  it('honours mode and k, and rejects bad input', async () => {
    const tool = searchTool(ctx)
    const lexical = await tool.execute(tool.schema.parse({ query: 'proof of spacetime', mode: 'lexical', k: 2 }), {})
    expect(lexical.mode).toBe('lexical')
    expect(lexical.results).toHaveLength(2)
    expect(lexical.results[0]?.text?.toLowerCase()).toContain('spacetime')
    const empty = tool.schema.safeParse({ query: '   ' })
    expect(empty.success).toBe(false)
    expect(empty.error?.issues[0]?.message).toMatch(/query must not be empty/)
    expect(tool.schema.safeParse({ query: 'x', k: 0 }).success).toBe(false)
    expect(tool.schema.safeParse({ query: 'x', mode: 'fuzzy' }).success).toBe(false)
  })

  it('detail brief gives CIDs, path, title and a snippet with links to read; limit caps the characters of text', async () => {
    const tool = searchTool(ctx)
    const query = 'How long does a storage deal last?'
    const full = await tool.execute(tool.schema.parse({ query, k: 5 }), {})
    expect(full.detail).toBe('full')
    expect(full.truncated).toBeUndefined()
    expect(tool.links?.(full)).toEqual([])
    const brief = await tool.execute(tool.schema.parse({ query, k: 5, detail: 'brief' }), {})
    expect(brief.results.map(r => r.chunkCid)).toEqual(full.results.map(r => r.chunkCid))
    for (const [i, r] of brief.results.entries()) {
      expect(r.text).toBeUndefined()
      expect(r.snippet?.length).toBeLessThanOrEqual(201)
      const flat = (full.results[i]?.text ?? '').replace(/\s+/g, ' ').trim()
      expect(flat.startsWith((r.snippet ?? 'x').replace(/…$/, ''))).toBe(true)
    }
    const chars = (out: typeof full): number => out.results.reduce((n, r) => n + (r.text ?? r.snippet ?? '').length, 0)
    expect(chars(brief)).toBeLessThan(chars(full) / 2)
    expect(tool.links?.(brief)).toEqual(brief.results.map(r => expect.objectContaining({ cid: r.chunkCid, name: r.path })))

    const budget = (full.results[0]?.text?.length ?? 0) + 10
    const capped = await tool.execute(tool.schema.parse({ query, k: 5, limit: budget }), {})
    expect(capped.results.map(r => r.text?.length ?? 0).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(budget)
    expect(capped.truncated).toBe(true)
    expect(capped.results[0]?.text).toBe(full.results[0]?.text)
    expect(capped.results[1]).toMatchObject({ text: full.results[1]?.text?.slice(0, 10), truncated: true })
    expect(capped.omitted).toBe(3)
    expect(tool.schema.safeParse({ query: 'x', limit: 5 }).error?.issues[0]?.path).toEqual(['limit'])
    expect(tool.schema.safeParse({ query: 'x', detail: 'short' }).success).toBe(false)
    // every output holds to the declared output schema (the MCP SDK checks it on both ends)
    for (const out of [full, brief, capped]) expect(tool.outputSchema?.safeParse(out).success).toBe(true)
  })

  it('fitToLimit cuts at the limit and counts what it leaves out', () => {
    const hit = (rank: number, text: string): Parameters<typeof fitToLimit>[0][number] => ({ rank, score: 1 / rank, chunkCid: `c${rank}`, docCid: 'd', path: 'p.md', title: 'T', byteStart: 0, byteEnd: text.length, text })
    const hits = [hit(1, 'a'.repeat(300)), hit(2, 'b'.repeat(300)), hit(3, 'c'.repeat(300))]
    expect(fitToLimit(hits, 'full', 1000)).toMatchObject({ truncated: false, omitted: 0 })
    const cut = fitToLimit(hits, 'full', 400)
    expect(cut.results.map(r => [r.text?.length, r.truncated])).toEqual([[300, undefined], [100, true]])
    expect(cut).toMatchObject({ truncated: true, omitted: 1 })
    const words = fitToLimit([hit(1, 'word '.repeat(100))], 'brief', 1000).results[0]?.snippet ?? ''
    expect(words).toMatch(/^(word ){39}word…$/)
  })

  it('names the known corpora when the corpus is unknown', async () => {
    const tool = searchTool(ctx)
    await expect(tool.execute(tool.schema.parse({ query: 'x', corpus: 'no-such-corpus' }), {})).rejects.toMatchObject({ name: 'CorpusNotFoundError', message: expect.stringContaining('filecoin-docs') })
  })

  it('reads a found chunk and its document through quarry_read', async () => {
    const search = searchTool(ctx)
    const read = readTool(ctx)
    const hit = (await search.execute(search.schema.parse({ query: 'What is a sector?', k: 1 }), {})).results[0]
    expect(hit).toBeDefined()
    const chunk = await read.execute(read.schema.parse({ cid: hit?.chunkCid }), {})
    expect(chunk).toMatchObject({ kind: 'chunk', text: hit?.text, docCid: hit?.docCid, path: hit?.path, title: hit?.title, byteStart: hit?.byteStart, byteEnd: hit?.byteEnd })
    expect(chunk.corpusCid).toBe(ctx.openedIndexes()[0]?.manifest.corpusCid)
    const doc = await read.execute(read.schema.parse({ cid: hit?.docCid, maxChars: 100_000 }), {})
    expect(doc).toMatchObject({ kind: 'document', path: hit?.path, title: hit?.title })
    const bytes = Buffer.from(doc.text, 'utf8')
    expect(bytes.subarray(hit?.byteStart, hit?.byteEnd).toString('utf8')).toBe(hit?.text)
  })

  it('lists the corpora with their indexes', async () => {
    const tool = listCorporaTool(ctx)
    const out = await tool.execute(tool.schema.parse({}), {})
    expect(out.defaultCorpus).toBe('filecoin-docs')
    const docs = out.corpora.find(c => c.name === 'filecoin-docs')
    expect(docs).toMatchObject({ imported: true, isDefault: true, cid: 'bafybeibveuydnh7kc4r4nv3y6jse3di3og6tq3mxcb544cy6bbnfwmy4uu' })
    expect(docs?.indexes.some(i => i.chunks > 1000 && i.embedder.startsWith('use'))).toBe(true)
    expect(docs?.documents).toBeGreaterThanOrEqual(198)
    expect(out.corpora.find(c => c.name === 'jfk-2025-0318')?.imported).toBe(false)
  })
})

import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { tempDir } from '../test/helpers/shared.js'
import { readCid } from './read-cid.js'
import { readTool } from './read-tool.js'
import { createToolContext, type ToolContext } from './tool-context.js'

describe('readCid on a small local corpus (no index)', () => {
  let session: QuarrySession
  let ctx: ToolContext
  let cleanup: () => Promise<void>
  const cids = new Map<string, string>()
  let root: string
  const long = `# Long page\n\n${'All work and no play. '.repeat(500)}\n`

  beforeAll(async () => {
    const t = await tempDir('quarry-read-')
    cleanup = t.cleanup
    const folder = join(t.dir, 'small')
    await mkdir(join(folder, 'sub'), { recursive: true })
    await writeFile(join(folder, 'alpha.md'), '---\ntitle: Alpha page\n---\n\n# Alpha\n\nStorage deals are agreements between clients and providers.\n')
    await writeFile(join(folder, 'sub', 'notes.txt'), 'Plain notes about retrieval.\n')
    await writeFile(join(folder, 'long.md'), long)
    await writeFile(join(folder, 'blob.dat'), Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 9]))
    session = await openQuarrySession({ home: join(t.dir, 'home'), defaultCorpus: 'small' })
    root = (await session.corpora.add(folder, { name: 'small' })).cid
    for await (const f of session.corpora.files((await session.corpora.resolve('small')).cid)) cids.set(f.path, f.cid.toString())
    ctx = createToolContext(session)
  })
  afterAll(async () => {
    await session?.close()
    await cleanup()
  })

  it('reads a document by its file CID, with title and path found in the corpus', async () => {
    const r = await readCid(ctx, cids.get('alpha.md') ?? '')
    expect(r).toMatchObject({ kind: 'document', title: 'Alpha page', path: 'alpha.md', mediaType: 'text/markdown', truncated: false, offset: 0 })
    expect(r.text).toContain('Storage deals are agreements')
    expect(r.totalChars).toBe(r.text.length)
  })

  it('accepts ipfs:// and /ipfs/ forms', async () => {
    const cid = cids.get('sub/notes.txt') ?? ''
    expect((await readCid(ctx, `ipfs://${cid}`)).path).toBe('sub/notes.txt')
    expect((await readCid(ctx, `/ipfs/${cid}`)).text).toBe('Plain notes about retrieval.\n')
  })

  it('pages long texts with offset and maxChars', async () => {
    const cid = cids.get('long.md') ?? ''
    const first = await readCid(ctx, cid, { maxChars: 1000 })
    expect(first).toMatchObject({ truncated: true, nextOffset: 1000, totalChars: long.length })
    expect(first.text).toBe(long.slice(0, 1000))
    const rest = await readCid(ctx, cid, { offset: first.nextOffset, maxChars: 100_000 })
    expect(rest.truncated).toBe(false)
    expect(first.text + rest.text).toBe(long)
  })

  it('lists a folder CID', async () => {
    const r = await readCid(ctx, root)
    expect(r.kind).toBe('directory')
    expect(r.text.split('\n').map(l => l.split('  ')[0])).toEqual(['alpha.md', 'blob.dat', 'long.md', 'sub'])
  })

  it('refuses binary files with an UnsupportedContentError', async () => {
    await expect(readCid(ctx, cids.get('blob.dat') ?? '')).rejects.toMatchObject({ name: 'UnsupportedContentError', message: expect.stringMatching(/binary file of 9 bytes/) })
  })

  it('fails fast with CidNotFoundError for a CID that is not local (and never fetches)', async () => {
    const t0 = Date.now()
    await expect(readCid(ctx, 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')).rejects.toMatchObject({ name: 'CidNotFoundError', message: expect.stringMatching(/not in the local store.*quarry_search/) })
    expect(Date.now() - t0).toBeLessThan(5000)
  })

  it('rejects a malformed CID with InvalidCidError naming the input', async () => {
    await expect(readCid(ctx, 'not-a-cid')).rejects.toMatchObject({ name: 'InvalidCidError', message: expect.stringContaining('not-a-cid') })
  })

  it('quarry_read validates its input and applies defaults', async () => {
    const tool = readTool(ctx)
    expect(tool.schema.safeParse({}).success).toBe(false)
    expect(tool.schema.safeParse({ cid: 'x', maxChars: 5 }).success).toBe(false)
    const input = tool.schema.parse({ cid: cids.get('long.md') })
    expect(input).toMatchObject({ offset: 0, maxChars: 20_000 })
    const out = await tool.execute(input, {})
    expect(out.text).toHaveLength(Math.min(20_000, long.length))
  })
})

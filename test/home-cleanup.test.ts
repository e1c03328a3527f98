import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect } from 'vitest'
import { CID } from 'multiformats/cid'
import { hashEmbedder } from '../bench/faults/fuzz-lib.js'
import { createQuarryNode, serveGateway, verifyDag } from '../corpora/index.js'
import { openQuarrySession } from '../session/index.js'
import { runCli } from './helpers/cli.js'
import { useTempDir, writeFolder } from './helpers/temp-dir.js'

async function blockFiles (home: string): Promise<number> {
  return (await readdir(join(home, 'blocks'), { recursive: true, withFileTypes: true })).filter(e => e.isFile() && e.name.endsWith('.data')).length
}

async function folder (dir: string, text: string): Promise<string> {
  return writeFolder(dir, { 'a.md': `# A\n\n${text}\n`, 'sub/b.md': `# B\n\n${text} Again, in another file.\n` })
}

describe('corpus rm, index rm, gc and fetch limits', () => {
  const work = useTempDir('quarry-cleanup-')

  it('the quick start (`ask` on an empty home, which imports the embedded docs) prints no listener-leak warning', async () => {
    const ask = await runCli(['ask', 'What is Proof-of-Spacetime?'], { home: join(work.dir, 'quick-start-home') })
    expect(ask.code, ask.stderr).toBe(0)
    expect(ask.stderr).toMatch(/importing: 199\/199 files/)
    expect(ask.stderr).not.toMatch(/MaxListenersExceededWarning|memory leak/)
  })

  it('`corpus rm` and `index rm` unpin, `gc` frees their blocks and keeps what is still pinned', async () => {
    const home = join(work.dir, 'home')
    expect((await runCli(['corpus', 'add', await folder(join(work.dir, 'keep'), 'Kept corpus text.'), '--name', 'keep'], { home })).code).toBe(0)
    expect((await runCli(['corpus', 'add', await folder(join(work.dir, 'drop'), 'Dropped corpus text.'), '--name', 'drop'], { home })).code).toBe(0)
    const session = await openQuarrySession({ home })
    let indexCid: string
    let keepCid: string
    try {
      indexCid = (await session.indexes.build('drop', { embedder: hashEmbedder() })).cid.toString()
      keepCid = (await session.corpora.resolve('keep')).cid.toString()
    } finally {
      await session.close()
    }
    const before = await blockFiles(home)
    const rm = await runCli(['corpus', 'rm', 'drop'], { home })
    expect(rm.code, rm.stderr).toBe(0)
    expect(rm.stderr).toMatch(/removed drop \(b\w+\); run `quarry gc`/)
    const irm = await runCli(['index', 'rm', indexCid], { home })
    expect(irm.code, irm.stderr).toBe(0)
    const gc = await runCli(['gc'], { home })
    expect(gc.code, gc.stderr).toBe(0)
    const removed = Number(/removed (\d+) unpinned blocks/.exec(gc.stdout)?.[1])
    expect(removed).toBeGreaterThan(4)
    expect(await blockFiles(home)).toBe(before - removed)
    const list = JSON.parse((await runCli(['corpus', 'list', '--json'], { home })).stdout) as { corpora: Array<{ name: string }> }
    expect(list.corpora.map(c => c.name)).toEqual(['keep'])
    expect(JSON.parse((await runCli(['index', 'list', '--json'], { home })).stdout)).toEqual([])
    const node = await createQuarryNode({ home })
    try {
      expect(await verifyDag(node.helia, CID.parse(keepCid))).toBeGreaterThan(2)
    } finally {
      await node.stop()
    }
    const unknown = await runCli(['corpus', 'rm', 'drop'], { home })
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/CorpusNotFoundError.*No corpus named "drop"/)
  }, 120_000)

  it('`corpus fetch` refuses a DAG over --max-blocks or --max-bytes with a clear error', async () => {
    const source = await createQuarryNode({ home: join(work.dir, 'source') })
    const gateway = await serveGateway(source.helia)
    try {
      const { addFolder } = await import('../corpora/index.js')
      const { cid } = await addFolder(source, await folder(join(work.dir, 'big'), 'Some text to fetch.'))
      const home = join(work.dir, 'fetcher')
      const blocks = await runCli(['corpus', 'fetch', cid.toString(), '--gateway', gateway.url, '--max-blocks', '2'], { home })
      expect(blocks.code).toBe(1)
      expect(blocks.stderr).toMatch(/FetchLimitError.*more than 2 blocks, the fetch limit \(raise it with --max-blocks/)
      const bytes = await runCli(['corpus', 'fetch', cid.toString(), '--gateway', gateway.url, '--max-bytes', '50'], { home })
      expect(bytes.code).toBe(1)
      expect(bytes.stderr).toMatch(/FetchLimitError.*fetch limit of 50|FetchLimitError.*larger than 50 bytes/)
      const ok = await runCli(['corpus', 'fetch', cid.toString(), '--gateway', gateway.url, '--name', 'fetched'], { home })
      expect(ok.code, ok.stderr).toBe(0)
    } finally {
      await gateway.close()
      await source.stop()
    }
  }, 120_000)
})

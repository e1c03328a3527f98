import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { runCli } from './helpers/cli.js'
import { makePdf } from './helpers/make-pdf.js'
import { tempDir } from './helpers/shared.js'
import { NO_LLM } from './helpers/test-home.js'

describe('quarry corpus add of a folder holding a text PDF', () => {
  let dir: string
  let cleanup: () => Promise<void>
  const cli = async (args: string[]): ReturnType<typeof runCli> => runCli(args, { home: join(dir, 'home'), env: { ...NO_LLM, QUARRY_CORPUS: '' } })

  beforeAll(async () => {
    const t = await tempDir()
    dir = t.dir
    cleanup = t.cleanup
    const folder = join(dir, 'papers')
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'primer.pdf'), makePdf([
      ['Filecoin storage deals are agreements', 'between clients and storage providers.'],
      ['Retrieval providers serve copies of the data', 'to clients who pay for each retrieval.']
    ], 'Filecoin primer'))
    await writeFile(join(folder, 'notes.md'), '# Notes\n\nThe moon is not a storage provider.\n')
  })
  afterAll(async () => cleanup())

  it('imports it, counts its document, and searches and answers from its pages', async () => {
    const add = await cli(['corpus', 'add', join(dir, 'papers'), '--json'])
    expect(add.stderr).not.toMatch(/Error/)
    expect(add.code).toBe(0)
    expect(JSON.parse(add.stdout)).toMatchObject({ name: 'papers', files: 2, documents: 2 })

    const search = await cli(['search', 'who serves copies of the data', '--corpus', 'papers', '--mode', 'lexical', '--json'])
    expect(search.code).toBe(0)
    const hits = (JSON.parse(search.stdout) as { results: Array<{ path: string, page?: number, text: string }> }).results
    expect(hits[0]).toMatchObject({ path: 'primer.pdf', page: 2 })
    expect(hits[0]?.text).toContain('Retrieval providers serve copies of the data')

    const ask = await cli(['ask', 'Who serves copies of the data?', '--corpus', 'papers', '--json'])
    expect(ask.code).toBe(0)
    const record = JSON.parse(ask.stdout) as { citations: Array<{ path: string, page?: number }> }
    expect(record.citations.some(c => c.path === 'primer.pdf' && c.page === 2)).toBe(true)
  }, 180_000)
})

import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { pdfPageImages } from '../corpora/index.js'
import { runCli } from './helpers/cli.js'
import { makePdf } from './helpers/make-pdf.js'
import { HAS_SHARED, shared, tempDir } from './helpers/shared.js'
import { NO_LLM } from './helpers/test-home.js'

interface Entry { cid: string, derivation?: string, ocrPages?: number }
interface SearchJson { results: Array<{ path: string, page?: number, text: string }> }

/**
 * The second look and the stray-symbol correction through the CLI, on
 * scanned-jfk 104-10326-10035 p. 1 (an all-caps cable): its word ASSOCIATED,
 * which the engine's first reading merges with the footer below and reads
 * `rr`, and a speck between YOU and MAY read `®`, come out right; two fresh
 * homes give the same corpus and derivation CIDs, and `verify --rederive`
 * reads the cited page again to the same text.
 */
describe.skipIf(!HAS_SHARED)('quarry corpus add reads low-confidence words a second time', () => {
  let dir: string
  let cleanup: () => Promise<void>
  const cli = async (home: string, args: string[]): ReturnType<typeof runCli> => runCli(args, { home: join(dir, home), env: { ...NO_LLM, QUARRY_CORPUS: '' }, timeoutMs: 300_000 })

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir())
    await mkdir(join(dir, 'cable'), { recursive: true })
    const scan = await readFile(shared('corpora/scanned-jfk/docs/104-10326-10035.pdf'))
    const image = pdfPageImages(scan).images[0]!
    await writeFile(join(dir, 'cable', 'cable.pdf'), makePdf([{ jpeg: scan.subarray(image.byteStart, image.byteEnd), width: image.width, height: image.height }]))
  }, 60_000)
  afterAll(async () => cleanup())

  it('reads the merged word and drops the stray symbol, the same in two fresh homes, and re-derives the page identically', async () => {
    const add = await cli('h1', ['corpus', 'add', join(dir, 'cable'), '--name', 'cable', '--json'])
    expect(add.code, add.stderr).toBe(0)
    const first = JSON.parse(add.stdout) as Entry
    expect(first).toMatchObject({ ocrPages: 1 })
    const other = await cli('h2', ['corpus', 'add', join(dir, 'cable'), '--name', 'cable', '--json'])
    expect(other.code, other.stderr).toBe(0)
    const second = JSON.parse(other.stdout) as Entry
    expect([second.cid, second.derivation]).toEqual([first.cid, first.derivation])

    expect((await cli('h1', ['index', 'build', 'cable'])).code).toBe(0)
    const search = await cli('h1', ['search', 'PERSON YOU MAY HAVE BEEN ASSOCIATED WITH IN THE PAST', '--corpus', 'cable', '--json', '-k', '1'])
    expect(search.code, search.stderr).toBe(0)
    const hit = (JSON.parse(search.stdout) as SearchJson).results[0]!
    expect(hit).toMatchObject({ path: 'cable.pdf', page: 1 })
    expect(hit.text).toContain('PERSON (S) YOU MAY HAVE BEEN ASSOCIATED WITH IN THE PAST.')

    const ask = await cli('h1', ['ask', 'What must be provided for the name to be redacted?', '--corpus', 'cable', '--json'])
    expect(ask.code, ask.stderr).toBe(0)
    const answer = JSON.parse(ask.stdout) as { citations: Array<{ path: string, page?: number }> }
    expect(answer.citations.some(c => c.path === 'cable.pdf' && c.page === 1), ask.stdout).toBe(true)
    await writeFile(join(dir, 'answer.json'), ask.stdout)
    const rederive = await cli('h1', ['verify', join(dir, 'answer.json'), '--rederive'])
    expect(rederive.code, rederive.stdout + rederive.stderr).toBe(0)
    expect(rederive.stdout).toMatch(/cable\.pdf p\. 1: ✓ identical text/)
  }, 600_000)
})

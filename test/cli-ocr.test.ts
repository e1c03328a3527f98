import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { pdfPageImages } from '../corpora/index.js'
import { runCli } from './helpers/cli.js'
import { makePdf } from './helpers/make-pdf.js'
import { HAS_SHARED, shared, tempDir } from './helpers/shared.js'
import { NO_LLM } from './helpers/test-home.js'

interface Entry { derivation?: string, ocrPages?: number, documents: number, cid: string }
interface ShowJson { ocr: Array<{ path: string, pages: number, ocrPages: number, meanConfidence: number }> }

/**
 * OCR on import through the CLI, on three scanned pages of scanned-jfk: a
 * scanned PDF as it is, a PDF whose page 1 has a text layer and page 2 is a
 * scan (only page 2 is read), and a PNG (a one-page document).
 */
describe.skipIf(!HAS_SHARED)('quarry corpus add reads scans by OCR, with the derivation on the record', () => {
  let dir: string
  let cleanup: () => Promise<void>
  let first: Entry
  const home = (): string => join(dir, 'home')
  const cli = async (args: string[]): ReturnType<typeof runCli> => runCli(args, { home: home(), env: { ...NO_LLM, QUARRY_CORPUS: '' }, timeoutMs: 600_000 })

  beforeAll(async () => {
    const t = await tempDir()
    dir = t.dir
    cleanup = t.cleanup
    const folder = join(dir, 'scans')
    await mkdir(folder, { recursive: true })
    await copyFile(shared('corpora/scanned-jfk/docs/157-10005-10254.pdf'), join(folder, '157-10005-10254.pdf'))
    const scan = await readFile(shared('corpora/scanned-jfk/docs/124-10273-10053.pdf'))
    const image = pdfPageImages(scan).images[0]!
    const jpeg = scan.subarray(image.byteStart, image.byteEnd)
    await writeFile(join(folder, 'mixed.pdf'), makePdf([['Cover sheet of the Senstudy memorandum'], { jpeg, width: image.width, height: image.height }]))
    const other = await readFile(shared('corpora/scanned-jfk/docs/144-10001-10162.pdf'))
    const page2 = pdfPageImages(other).images[1]!
    await writeFile(join(folder, 'nsa-page.png'), await sharp(other.subarray(page2.byteStart, page2.byteEnd)).png().toBuffer())
  }, 60_000)
  afterAll(async () => cleanup())

  it('OCRs only pages without text, records the derivation, and a re-add reads nothing new', async () => {
    const add = await cli(['corpus', 'add', join(dir, 'scans'), '--json'])
    expect(add.code, add.stderr).toBe(0)
    first = JSON.parse(add.stdout) as Entry
    expect(first).toMatchObject({ documents: 3, ocrPages: 3 })
    expect(first.derivation).toMatch(/^bagu/)

    const show = await cli(['corpus', 'show', 'scans', '--json'])
    const docs = (JSON.parse(show.stdout) as ShowJson).ocr
    expect(docs.map(d => [d.path, d.pages, d.ocrPages])).toEqual([['157-10005-10254.pdf', 1, 1], ['mixed.pdf', 2, 1], ['nsa-page.png', 1, 1]])
    for (const d of docs) expect(d.meanConfidence).toBeGreaterThan(80)

    const again = await cli(['corpus', 'add', join(dir, 'scans')])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain('3 of 3 pages cached')
    expect(again.stdout.trim()).toBe(first.cid)
    expect(again.stderr).toContain(first.derivation)
  }, 600_000)

  it('answers from an OCR\'d page, cites the PDF and page, and verify checks the derivation down to the PDF blocks', async () => {
    const ask = await cli(['ask', 'Where was the Cuban airborne brigade trained?', '--corpus', 'scans', '--json'])
    expect(ask.code, ask.stderr).toBe(0)
    const record = JSON.parse(ask.stdout) as { citations: Array<{ path: string, page?: number, docCid: string }> }
    const cite = record.citations.find(c => c.path === '157-10005-10254.pdf')
    expect(cite).toMatchObject({ page: 1 })
    await writeFile(join(dir, 'answer.json'), ask.stdout)
    const verify = await cli(['verify', join(dir, 'answer.json'), '--json'])
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    const v = JSON.parse(verify.stdout) as { ok: boolean, citations: Array<{ ok: boolean, derivation?: { page: number, engine: string, pageImageCid: string, lowConfidenceWords: Array<{ text: string, confidence: number }> } }> }
    expect(v.ok).toBe(true)
    expect(v.citations.some(c => c.derivation?.page === 1 && c.derivation.engine.startsWith('tesseract.js'))).toBe(true)
    // the page's low-confidence words that the quote holds are named, with their confidence
    const quotes = (JSON.parse(ask.stdout) as { citations: Array<{ quote: string }> }).citations.map(c => c.quote).join('\n')
    for (const c of v.citations) {
      for (const w of c.derivation?.lowConfidenceWords ?? []) {
        expect(quotes.split(/\s+/)).toContain(w.text)
        expect(w.confidence).toBeLessThan(60)
      }
    }

    const rederive = await cli(['verify', join(dir, 'answer.json'), '--rederive'])
    expect(rederive.code, rederive.stdout + rederive.stderr).toBe(0)
    expect(rederive.stdout).toMatch(/157-10005-10254\.pdf p\. 1: ✓ identical text/)
    expect(rederive.stdout).toMatch(/text read by tesseract\.js [\d.]+ from 157-10005-10254\.pdf p\. 1/)

    const human = await cli(['ask', 'Where was the Cuban airborne brigade trained?', '--corpus', 'scans'])
    expect(human.stdout).toContain('157-10005-10254.pdf p. 1')

    // a forged record: the quote's document is the derived text of another file
    const forged = JSON.parse(ask.stdout) as { citations: Array<{ path: string }> }
    for (const c of forged.citations) if (c.path === '157-10005-10254.pdf') c.path = 'nsa-page.png'
    await writeFile(join(dir, 'forged.json'), JSON.stringify(forged))
    const bad = await cli(['verify', join(dir, 'forged.json'), '--json'])
    expect(bad.code).toBe(1)
  }, 600_000)
})

import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { runCli } from './helpers/cli.js'
import { makePdf } from './helpers/make-pdf.js'
import { ROOT, tempDir } from './helpers/shared.js'
import { NO_LLM } from './helpers/test-home.js'

/**
 * Scans whose page image is not a JPEG, through the CLI: a fax-style PDF
 * (test/fixtures/scan-ccitt-g4.pdf, page 2 of scanned-jfk 144-10001-10162
 * binarised and written by libtiff's tiff2pdf as one CCITT Group 4 image) is
 * read by OCR, cited by page and re-derived identically; a page drawn as two
 * images (in a PDF whose objects sit in an object stream) is not read, and
 * the add says so.
 */
describe('quarry corpus add reads scans stored as CCITT/Flate images and names the pages it cannot read', () => {
  let dir: string
  let cleanup: () => Promise<void>
  const cli = async (args: string[]): ReturnType<typeof runCli> => runCli(args, { home: join(dir, 'home'), env: { ...NO_LLM, QUARRY_CORPUS: '' }, timeoutMs: 300_000 })

  beforeAll(async () => {
    const t = await tempDir()
    dir = t.dir
    cleanup = t.cleanup
    await mkdir(join(dir, 'scans'), { recursive: true })
    await copyFile(join(ROOT, 'test/fixtures/scan-ccitt-g4.pdf'), join(dir, 'scans/fax.pdf'))
    const grey = { stream: deflateSync(new Uint8Array(60 * 40).fill(200)), width: 60, height: 40, filter: 'FlateDecode', bitsPerComponent: 8 }
    await writeFile(join(dir, 'scans/collage.pdf'), makePdf([{ images: [grey, grey] }], undefined, { objectStreams: true }))
  })
  afterAll(async () => cleanup())

  it('OCRs the CCITT G4 page, warns about the two-image page, cites fax.pdf p. 1 and re-derives it identically', async () => {
    const add = await cli(['corpus', 'add', join(dir, 'scans'), '--name', 'fax'])
    expect(add.code, add.stderr).toBe(0)
    expect(add.stderr).toContain('warning: collage.pdf p. 1 has no text layer and is not read by OCR: it draws 2 images')
    expect(add.stderr).toContain('read 1 scanned pages by OCR')

    const ask = await cli(['ask', 'What has G8 done to locate the reported intercept?', '--corpus', 'fax', '--json'])
    expect(ask.code, ask.stderr).toBe(0)
    const answer = JSON.parse(ask.stdout) as { answer: string, citations: Array<{ path: string, page?: number }> }
    expect(answer.answer).toContain('G8 feels we have done all reasonable things to locate the reported intercept')
    expect(answer.citations[0]).toMatchObject({ path: 'fax.pdf', page: 1 })
    await writeFile(join(dir, 'answer.json'), ask.stdout)

    const verify = await cli(['verify', join(dir, 'answer.json'), '--rederive'])
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    expect(verify.stdout).toMatch(/fax\.pdf p\. 1: ✓ identical text/)
  }, 300_000)
})

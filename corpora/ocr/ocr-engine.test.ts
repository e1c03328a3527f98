import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import { createOcrEngine } from './ocr-engine.js'
import { pdfPageImages } from './pdf-page-images.js'
import { pageToPng, preprocessPage } from './preprocess-page.js'
import { DEFAULT_SECOND_LOOK } from './second-look.js'
import { HAS_SHARED, shared } from '../../test/helpers/shared.js'

/**
 * One scanned-jfk page read with and without the second look and the
 * stray-symbol correction: 104-10326-10035 p. 1, where the engine's layout
 * merges the word ASSOCIATED with the footer below it (read `rr`) and reads a
 * speck between two words as `®`.
 */
describe.skipIf(!HAS_SHARED)('createOcrEngine', () => {
  it('reads a low-confidence word again on its own line and drops a stray symbol, and records both settings', async () => {
    const pdf = readFileSync(shared('corpora/scanned-jfk/docs/104-10326-10035.pdf'))
    const image = pdfPageImages(pdf).images[0]!
    const png = await pageToPng(await preprocessPage(pdf.subarray(image.byteStart, image.byteEnd)))
    const once = await createOcrEngine({ workers: 1, secondLook: false, corrections: [] })
    const twice = await createOcrEngine({ workers: 1 })
    try {
      const a = await once.recognize(png)
      const b = await twice.recognize(png)
      expect(a.text).toContain('YOU®MAY HAVE BEEN rr WITH')
      expect(b.text).toContain('YOU MAY HAVE BEEN ASSOCIATED WITH')
      expect(a.lowConfidenceWords.map(w => w.text)).toContain('rr')
      expect(b.lowConfidenceWords.map(w => w.text)).not.toContain('rr')
      expect(once.info.secondLook).toBeUndefined()
      expect(twice.info).toMatchObject({ secondLook: DEFAULT_SECOND_LOOK, corrections: ['stray-symbols', 'zero-in-capitals'] })
      // the same page again on the same worker, after it read regions in another mode: the same text
      expect((await twice.recognize(png)).text).toBe(b.text)
    } finally {
      await once.close()
      await twice.close()
    }
  }, 120_000)
})

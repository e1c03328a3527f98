import sharp from 'sharp'
import { describe, it, expect } from 'vitest'
import { pdfPageImages } from './pdf-page-images.js'
import { isDerivedTextBytes } from './derived-text-bytes.js'
import { makePdf } from '../../test/helpers/make-pdf.js'

async function greyJpeg (width: number, height: number): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 200, b: 200 } } }).greyscale().jpeg().toBuffer())
}

describe('pdfPageImages', () => {
  it('finds the JPEG of each scanned page as a byte range of the PDF, and none for text pages', async () => {
    const jpeg = await greyJpeg(40, 52)
    const pdf = makePdf([['A text page'], { jpeg, width: 40, height: 52 }])
    const { pageCount, images } = pdfPageImages(pdf)
    expect(pageCount).toBe(2)
    expect(images).toHaveLength(1)
    const [image] = images
    expect(image).toMatchObject({ page: 2, width: 40, height: 52, mediaType: 'image/jpeg' })
    expect(pdf.subarray(image!.byteStart, image!.byteEnd)).toEqual(jpeg)
  })

  it('gives nothing for bytes that are not a PDF', () => {
    expect(pdfPageImages(new TextEncoder().encode('no pdf here'))).toEqual({ pageCount: 0, images: [], unreadable: [] })
  })
})

describe('isDerivedTextBytes', () => {
  it('tells derived text at a PDF or image path from the file itself', async () => {
    expect(isDerivedTextBytes('a.pdf', makePdf([['x']]))).toBe(false)
    expect(isDerivedTextBytes('a.pdf', new TextEncoder().encode('OCR text of a scan'))).toBe(true)
    expect(isDerivedTextBytes('p.jpg', await greyJpeg(8, 8))).toBe(false)
    expect(isDerivedTextBytes('p.png', new TextEncoder().encode('OCR text'))).toBe(true)
    expect(isDerivedTextBytes('notes.md', new TextEncoder().encode('# x'))).toBe(false)
  })
})

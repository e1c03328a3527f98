import { deflateSync } from 'node:zlib'
import { describe, it, expect } from 'vitest'
import { decodePdfPageImage, pdfImageDecoder } from './decode-pdf-page-image.js'
import { PDF_IMAGE_STREAM, pdfPageImages } from './pdf-page-images.js'
import { makePdf } from '../../test/helpers/make-pdf.js'

const W = 37
const H = 23

/** A grey test pattern: a gradient with a dark bar */
function pattern (): Uint8Array {
  const pixels = new Uint8Array(W * H)
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) pixels[y * W + x] = y >= 10 && y < 14 ? 0 : (x * 7 + y * 3) % 256
  return pixels
}

/** The pattern thresholded and packed 1 bit per pixel (1 = white), rows padded to a byte */
function packBits (pixels: Uint8Array): Uint8Array {
  const rowBytes = Math.ceil(W / 8)
  const out = new Uint8Array(rowBytes * H)
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (pixels[y * W + x]! >= 128) out[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7)
  return out
}

describe('decodePdfPageImage', () => {
  it('finds Flate-encoded page images (8-bit and 1-bit grey) as byte ranges of the PDF and decodes them exactly', async () => {
    const grey = pattern()
    const bits = packBits(grey)
    const pdf = makePdf([
      { stream: deflateSync(grey), width: W, height: H, filter: 'FlateDecode', bitsPerComponent: 8 },
      ['A text page'],
      { stream: deflateSync(bits), width: W, height: H, filter: 'FlateDecode', bitsPerComponent: 1 }
    ])
    const { pageCount, images, unreadable } = pdfPageImages(pdf)
    expect(pageCount).toBe(3)
    expect(unreadable).toEqual([])
    expect(images.map(i => [i.page, i.mediaType, i.filters])).toEqual([[1, PDF_IMAGE_STREAM, ['FlateDecode']], [3, PDF_IMAGE_STREAM, ['FlateDecode']]])
    expect(pdf.subarray(images[0]!.byteStart, images[0]!.byteEnd)).toEqual(new Uint8Array(deflateSync(grey)))

    const page1 = await decodePdfPageImage(pdf, 1, { width: W, height: H })
    expect(page1).toMatchObject({ width: W, height: H })
    expect(page1.pixels).toEqual(grey)
    const page3 = await decodePdfPageImage(pdf, 3, { width: W, height: H })
    expect(page3.pixels).toEqual(grey.map(v => v >= 128 ? 255 : 0))
    expect(await pdfImageDecoder()).toMatch(/^pdf\.js \d+\.\d+\.\d+ /)
  })

  it('reads pages whose objects are packed in an object stream (PDF 1.5)', async () => {
    const grey = pattern()
    const pdf = makePdf([['A text page'], { stream: deflateSync(grey), width: W, height: H, filter: 'FlateDecode', bitsPerComponent: 8 }], undefined, { objectStreams: true })
    const { pageCount, images } = pdfPageImages(pdf)
    expect(pageCount).toBe(2)
    expect(images.map(i => i.page)).toEqual([2])
    expect((await decodePdfPageImage(pdf, 2, { width: W, height: H })).pixels).toEqual(grey)
  })

  it('fails with OcrEngineError when the page draws no image of that size', async () => {
    const pdf = makePdf([{ stream: deflateSync(pattern()), width: W, height: H, filter: 'FlateDecode', bitsPerComponent: 8 }])
    await expect(decodePdfPageImage(pdf, 1, { width: W + 1, height: H })).rejects.toMatchObject({ name: 'OcrEngineError' })
  })
})

describe('pdfPageImages through a form XObject', () => {
  it('finds a page image the page draws through a form (as some scanners write it), and pdf.js decodes it', async () => {
    const grey = pattern()
    const pdf = makePdf([{ stream: deflateSync(grey), width: W, height: H, filter: 'FlateDecode', bitsPerComponent: 8, inForm: true }], undefined, { objectStreams: true })
    const { images, unreadable } = pdfPageImages(pdf)
    expect(unreadable).toEqual([])
    expect(images.map(i => [i.page, i.width, i.height])).toEqual([[1, W, H]])
    expect(pdf.subarray(images[0]!.byteStart, images[0]!.byteEnd)).toEqual(new Uint8Array(deflateSync(grey)))
    expect((await decodePdfPageImage(pdf, 1, { width: W, height: H })).pixels).toEqual(grey)
  })
})

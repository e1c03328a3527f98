import sharp from 'sharp'
import { describe, it, expect } from 'vitest'
import { estimateSkew, otsuThreshold, preprocessPage } from './preprocess-page.js'

/** A page of dark horizontal "text lines" on grey paper that darkens to the right, rotated by `degrees` */
async function linesPage (degrees: number): Promise<Uint8Array> {
  const width = 600
  const height = 400
  const px = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const paper = 220 - Math.round((x / width) * 60)
      const inLine = y >= 40 && y < 360 && y % 24 < 8 && x >= 60 && x < 540 && (x % 14) < 10
      px[y * width + x] = inLine ? 40 : paper
    }
  }
  return new Uint8Array(await sharp(px, { raw: { width, height, channels: 1 } }).rotate(degrees, { background: { r: 200, g: 200, b: 200 } }).png().toBuffer())
}

describe('preprocessPage', () => {
  it('flattens shaded paper to white and keeps the ink dark', async () => {
    const page = await preprocessPage(await linesPage(0), { denoise: false, deskew: false })
    const at = (x: number, y: number): number => page.pixels[y * page.width + x]!
    expect(at(30, 20)).toBeGreaterThan(240)
    expect(at(580, 20)).toBeGreaterThan(240)
    expect(at(62, 49)).toBeLessThan(80)
  })

  it('finds the skew of rotated lines and removes it', async () => {
    const page = await preprocessPage(await linesPage(1.5), { denoise: false, flatten: false })
    expect(Math.abs(page.skewDegrees)).toBeGreaterThanOrEqual(1.3)
    expect(Math.abs(page.skewDegrees)).toBeLessThanOrEqual(1.7)
    expect(Math.abs(estimateSkew(page))).toBeLessThanOrEqual(0.2)
  })

  it('binarizes to black and white with Otsu\'s threshold', async () => {
    const page = await preprocessPage(await linesPage(0), { binarize: true, deskew: false })
    expect(new Set(page.pixels)).toEqual(new Set([0, 255]))
    expect(otsuThreshold(new Uint8Array([10, 10, 10, 200, 200, 200]))).toBeGreaterThanOrEqual(10)
  })
})

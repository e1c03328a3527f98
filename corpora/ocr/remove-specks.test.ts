import { describe, it, expect } from 'vitest'
import { removeSpecks } from './remove-specks.js'

const W = 400
const H = 300

/** A white page with ink rectangles */
function page (boxes: Array<[number, number, number, number]>): { width: number, height: number, pixels: Uint8Array } {
  const pixels = new Uint8Array(W * H).fill(255)
  for (const [x0, y0, w, h] of boxes) for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) pixels[y * W + x] = 0
  return { width: W, height: H, pixels }
}

/** Lines of 20 px tall "characters", 12 px wide on an 18 px pitch, with a word gap every 5 */
function textLines (): Array<[number, number, number, number]> {
  const boxes: Array<[number, number, number, number]> = []
  for (let line = 0; line < 5; line++) {
    for (let i = 0; i < 16; i++) if (i % 6 !== 5) boxes.push([20 + i * 18, 20 + line * 40, 12, 20])
  }
  return boxes
}

describe('removeSpecks', () => {
  it('removes an isolated blob and keeps a period beside its word, the dot over a stem and a dash', () => {
    const period = [20 + 4 * 18 + 12 + 6, 20 + 16, 4, 4] as [number, number, number, number] // right after the 5th character of line 1
    const dot = [20 + 18 + 4, 20 + 40 - 9, 4, 4] as [number, number, number, number] // above the 2nd character of line 2 (an i's dot)
    const dash = [20 + 5 * 18 + 2, 20 + 2 * 40 + 9, 12, 3] as [number, number, number, number] // alone in a word gap
    const speck = [360, 250, 5, 5] as [number, number, number, number] // in the margin
    const img = page([...textLines(), period, dot, dash, speck])
    const { image, removed } = removeSpecks(img)
    expect(removed).toBe(1)
    const at = (x: number, y: number): number => image.pixels[y * W + x]!
    expect(at(362, 252)).toBe(255)
    expect(at(period[0] + 1, period[1] + 1)).toBe(0)
    expect(at(dot[0] + 1, dot[1] + 1)).toBe(0)
    expect(at(dash[0] + 5, dash[1] + 1)).toBe(0)
  })

  it('removes a speck up to 0.7 × the type height and keeps a lone letter as tall as the type', () => {
    const speck = [360, 250, 13, 13] as [number, number, number, number] // 13 px: larger than half the 20 px type, smaller than a letter
    const letter = [360, 20, 12, 20] as [number, number, number, number] // a one-letter word far from the rest of its line
    const img = page([...textLines(), speck, letter])
    const { image, removed } = removeSpecks(img)
    expect(removed).toBe(1)
    expect(image.pixels[256 * W + 366]).toBe(255)
    expect(image.pixels[30 * W + 365]).toBe(0)
    // the size before it was a setting (half the type height) keeps the larger speck
    expect(removeSpecks(img, { maxSize: 0.5 }).removed).toBe(0)
  })

  it('leaves a page with few blobs as it is', () => {
    const img = page([[10, 10, 12, 20], [300, 200, 4, 4]])
    expect(removeSpecks(img)).toEqual({ image: img, removed: 0 })
  })
})

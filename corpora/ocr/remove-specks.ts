import { otsuThreshold } from './otsu-threshold.js'

/** A grey image, one byte per pixel, row by row */
interface Grey { width: number, height: number, pixels: Uint8Array }

/** A connected component of ink: bounding box and pixel count */
interface Component { minX: number, minY: number, maxX: number, maxY: number, area: number }

/** Fewer components than this: not a page of text, left as it is */
const MIN_COMPONENTS = 50

/**
 * The largest speck removed, as a fraction of the type height, when not told
 * otherwise. Dust and toner specks on scanned-jfk are 8–12 px round blobs on
 * pages whose type height (mostly x-height letters) is 15–18 px; a lone
 * letter `a` or `o` is as tall as the type height (bench/ocr/README.md)
 */
export const DEFAULT_SPECK_SIZE = 0.7

/** 8-connected components of the ink mask (1 = ink); `labels` gives each ink pixel its component index + 1 */
function components (ink: Uint8Array, width: number, height: number): { list: Component[], labels: Int32Array } {
  const labels = new Int32Array(width * height)
  const list: Component[] = []
  const stack: number[] = []
  for (let start = 0; start < ink.length; start++) {
    if (ink[start] === 0 || labels[start] !== 0) continue
    const c: Component = { minX: width, minY: height, maxX: -1, maxY: -1, area: 0 }
    list.push(c)
    labels[start] = list.length
    stack.push(start)
    while (stack.length > 0) {
      const i = stack.pop()!
      const x = i % width
      const y = (i - x) / width
      c.area++
      if (x < c.minX) c.minX = x
      if (x > c.maxX) c.maxX = x
      if (y < c.minY) c.minY = y
      if (y > c.maxY) c.maxY = y
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy
        if (yy < 0 || yy >= height) continue
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx
          if (xx < 0 || xx >= width) continue
          const j = yy * width + xx
          if (ink[j] === 1 && labels[j] === 0) { labels[j] = list.length; stack.push(j) }
        }
      }
    }
  }
  return { list, labels }
}

/** Summed-area table of the ink mask, (width + 1) × (height + 1) */
function integral (ink: Uint8Array, width: number, height: number): Uint32Array {
  const w = width + 1
  const sat = new Uint32Array(w * (height + 1))
  for (let y = 0; y < height; y++) {
    let row = 0
    for (let x = 0; x < width; x++) {
      row += ink[y * width + x]!
      sat[(y + 1) * w + x + 1] = sat[y * w + x + 1]! + row
    }
  }
  return sat
}

/** The median height of the components that look like characters (the page's type size, in pixels) */
function typeHeight (list: Component[]): number {
  const heights = list.filter(c => c.area >= 12 && c.maxY - c.minY >= 4).map(c => c.maxY - c.minY + 1).sort((a, b) => a - b)
  return heights.length === 0 ? 0 : heights[Math.floor(heights.length / 2)]!
}

/**
 * Remove specks (dust, toner, noise) from a page of text: small round blobs
 * of ink (at most `maxSize` × the type height across, default
 * {@link DEFAULT_SPECK_SIZE}) with no other ink beside them on their line (within 1.2 × the type height
 * to the left or right) nor right above or below them (within half the type
 * height: the dot of an i, a colon). A period or comma sits beside its word
 * and stays; a speck in a margin, in the gap between words or between
 * lines goes, so the engine does not read it as `.`, `'` or `-`. The type
 * height is the median height of the page's character-sized blobs, so the
 * rule follows the scan's resolution and type size; a page with few blobs
 * is left as it is.
 */
export function removeSpecks (img: Grey, options: { maxSize?: number } = {}): { image: Grey, removed: number } {
  const { width, height, pixels } = img
  const t = otsuThreshold(pixels)
  const ink = new Uint8Array(pixels.length)
  for (let i = 0; i < ink.length; i++) ink[i] = pixels[i]! <= t ? 1 : 0
  const { list, labels } = components(ink, width, height)
  const h = typeHeight(list)
  if (list.length < MIN_COMPONENTS || h === 0) return { image: img, removed: 0 }
  const sat = integral(ink, width, height)
  const w = width + 1
  const inkIn = (x0: number, y0: number, x1: number, y1: number): number => {
    const a = Math.max(0, x0)
    const b = Math.max(0, y0)
    const c = Math.min(width - 1, x1) + 1
    const d = Math.min(height - 1, y1) + 1
    return c <= a || d <= b ? 0 : sat[d * w + c]! - sat[b * w + c]! - sat[d * w + a]! + sat[b * w + a]!
  }
  const maxSize = Math.max(2, Math.round(h * (options.maxSize ?? DEFAULT_SPECK_SIZE)))
  const side = Math.round(h * 1.2)
  const band = Math.round(h * 0.25)
  const over = Math.round(h * 0.5)
  const speck = new Uint8Array(list.length + 1)
  let removed = 0
  list.forEach((c, k) => {
    const cw = c.maxX - c.minX + 1
    const ch = c.maxY - c.minY + 1
    // a speck is a small round blob; a dash or a rule is long and stays
    if (cw > maxSize || ch > maxSize || cw > 2 * ch || ch > 2 * cw) return
    const own = inkIn(c.minX, c.minY, c.maxX, c.maxY)
    const beside = inkIn(c.minX - side, c.minY - band, c.maxX + side, c.maxY + band) - own
    const aboveBelow = inkIn(c.minX - 1, c.minY - over, c.maxX + 1, c.maxY + over) - own
    if (beside === 0 && aboveBelow === 0) { speck[k + 1] = 1; removed++ }
  })
  if (removed === 0) return { image: img, removed: 0 }
  const out = new Uint8Array(pixels)
  // a speck's pixels and the blurred rim around them become paper
  for (let i = 0; i < labels.length; i++) {
    if (speck[labels[i]!] !== 1) continue
    const x = i % width
    const y = (i - x) / width
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx
        const yy = y + dy
        if (xx >= 0 && xx < width && yy >= 0 && yy < height) out[yy * width + xx] = 255
      }
    }
  }
  return { image: { width, height, pixels: out }, removed }
}

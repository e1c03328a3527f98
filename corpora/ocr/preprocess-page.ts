import { greyHistogram as histogram, otsuThreshold } from './otsu-threshold.js'
import { DEFAULT_SPECK_SIZE, removeSpecks } from './remove-specks.js'

export { otsuThreshold }

/** Preprocessing steps applied to a page image before OCR, in this order */
export interface PreprocessSteps {
  /** Smooth sensor noise first (Gaussian, sigma 1 px). @default true */
  denoise?: boolean
  /** Divide by an estimate of the paper (max over 16 px blocks, smoothed) to remove shading, shadows and grey paper. @default true */
  flatten?: boolean
  /** Find the skew (−3°…+3°, by the sharpest row profile) and rotate it away. @default true */
  deskew?: boolean
  /** Remove specks: small round blobs of ink with nothing beside, above or below them (see `removeSpecks`). @default true */
  despeckle?: boolean
  /** The largest speck despeckling removes, as a fraction of the page's type height (records made before it was a setting used 0.5). @default 0.7 */
  speckSize?: number
  /** Resize by this factor (Lanczos) after deskewing, before binarizing: small type read better larger. @default 1 */
  scale?: number
  /** Threshold to black and white (Otsu). @default false */
  binarize?: boolean
}

/** The steps the engine runs unless told otherwise (chosen with bench/ocr) */
export const DEFAULT_PREPROCESS: Required<PreprocessSteps> = { denoise: true, flatten: true, deskew: true, despeckle: true, speckSize: DEFAULT_SPECK_SIZE, scale: 1, binarize: false }

/** A preprocessed page: 8-bit grey pixels, and what was done */
export interface PreprocessedPage {
  width: number
  height: number
  /** One byte per pixel, row by row */
  pixels: Uint8Array
  /** The skew removed, in degrees (0 when not deskewed) */
  skewDegrees: number
  /** Specks removed (0 when not despeckled) */
  specksRemoved: number
}

/** A grey image */
interface Grey { width: number, height: number, pixels: Uint8Array }

const BLOCK = 16

/** Paper estimate: max of each BLOCK×BLOCK block, 3×3 box-smoothed twice, bilinear back to full size; the page divided by it */
function flattenBackground (img: Grey): Grey {
  const { width, height, pixels } = img
  const gw = Math.ceil(width / BLOCK)
  const gh = Math.ceil(height / BLOCK)
  let grid = new Float32Array(gw * gh)
  for (let y = 0; y < height; y++) {
    const gy = Math.floor(y / BLOCK) * gw
    for (let x = 0; x < width; x++) {
      const v = pixels[y * width + x]!
      const g = gy + Math.floor(x / BLOCK)
      if (v > grid[g]!) grid[g] = v
    }
  }
  for (let pass = 0; pass < 2; pass++) {
    const next = new Float32Array(gw * gh)
    for (let y = 0; y < gh; y++) {
      for (let x = 0; x < gw; x++) {
        let sum = 0
        let n = 0
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy
            const xx = x + dx
            if (yy >= 0 && yy < gh && xx >= 0 && xx < gw) { sum += grid[yy * gw + xx]!; n++ }
          }
        }
        next[y * gw + x] = sum / n
      }
    }
    grid = next
  }
  const out = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) / BLOCK - 0.5, 0), gh - 1)
    const y0 = Math.floor(fy)
    const y1 = Math.min(y0 + 1, gh - 1)
    const wy = fy - y0
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) / BLOCK - 0.5, 0), gw - 1)
      const x0 = Math.floor(fx)
      const x1 = Math.min(x0 + 1, gw - 1)
      const wx = fx - x0
      const bg = (grid[y0 * gw + x0]! * (1 - wx) + grid[y0 * gw + x1]! * wx) * (1 - wy) + (grid[y1 * gw + x0]! * (1 - wx) + grid[y1 * gw + x1]! * wx) * wy
      const v = bg <= 1 ? 255 : (pixels[y * width + x]! / bg) * 255
      out[y * width + x] = v >= 255 ? 255 : Math.round(v)
    }
  }
  return stretch({ width, height, pixels: out })
}

/** Stretch the grey levels so the darkest 0.5 % become 0 and the paper (the most common level) 255 */
function stretch (img: Grey): Grey {
  const hist = histogram(img.pixels)
  const target = img.pixels.length * 0.005
  let lo = 0
  for (let acc = 0; lo < 255 && acc + hist[lo]! < target; lo++) acc += hist[lo]!
  let hi = 255
  for (let v = 0; v < 256; v++) if (hist[v]! > hist[hi]!) hi = v
  if (hi - lo < 16) return img
  const out = new Uint8Array(img.pixels.length)
  for (let i = 0; i < out.length; i++) {
    const v = ((img.pixels[i]! - lo) * 255) / (hi - lo)
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v)
  }
  return { ...img, pixels: out }
}

function binarize (img: Grey): Grey {
  const t = otsuThreshold(img.pixels)
  const out = new Uint8Array(img.pixels.length)
  for (let i = 0; i < out.length; i++) out[i] = img.pixels[i]! > t ? 255 : 0
  return { ...img, pixels: out }
}

/**
 * The skew of a page of text lines, in degrees: the angle in −3°…+3° (0.1°
 * steps) whose row profile of ink pixels (on a half-size copy) has the largest
 * sum of squared differences between neighbouring rows, i.e. the sharpest lines.
 */
export function estimateSkew (img: Grey): number {
  const step = 2
  const w = Math.floor(img.width / step)
  const h = Math.floor(img.height / step)
  const t = otsuThreshold(img.pixels)
  const ink: Array<[number, number]> = []
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) if (img.pixels[y * step * img.width + x * step]! <= t) ink.push([x, y])
  }
  if (ink.length === 0) return 0
  const score = (deg: number): number => {
    const tan = Math.tan((deg * Math.PI) / 180)
    const rows = new Float64Array(h + w)
    const off = Math.ceil(Math.abs(tan) * w)
    for (const [x, y] of ink) {
      const r = Math.round(y - x * tan) + off
      if (r >= 0 && r < rows.length) rows[r]!++
    }
    let s = 0
    for (let i = 1; i < rows.length; i++) s += (rows[i]! - rows[i - 1]!) ** 2
    return s
  }
  let best = 0
  let bestScore = -1
  for (let tenth = -30; tenth <= 30; tenth++) {
    const s = score(tenth / 10)
    if (s > bestScore) { bestScore = s; best = tenth / 10 }
  }
  return best
}

/**
 * Prepare a page image for OCR: decode it (an image file's bytes, or grey
 * pixels already decoded) to 8-bit grey (sharp), then apply
 * the {@link PreprocessSteps} in order (denoise, flatten, deskew, despeckle, scale, binarize). The same
 * bytes, steps and sharp version always give the same pixels.
 */
export async function preprocessPage (image: Uint8Array | Grey, steps: PreprocessSteps = {}): Promise<PreprocessedPage> {
  const { default: sharp } = await import('sharp')
  const s = { ...DEFAULT_PREPROCESS, ...steps }
  let pipeline = (image instanceof Uint8Array ? sharp(image) : sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 1 } })).greyscale()
  if (s.denoise) pipeline = pipeline.blur(1)
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true })
  let img: Grey = { width: info.width, height: info.height, pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
  if (info.channels !== 1) {
    const grey = new Uint8Array(info.width * info.height)
    for (let i = 0; i < grey.length; i++) grey[i] = data[i * info.channels]!
    img = { ...img, pixels: grey }
  }
  if (s.flatten) img = flattenBackground(img)
  let skewDegrees = 0
  if (s.deskew) {
    skewDegrees = estimateSkew(img)
    if (skewDegrees !== 0) {
      const rotated = await sharp(img.pixels, { raw: { width: img.width, height: img.height, channels: 1 } })
        .rotate(-skewDegrees, { background: { r: 255, g: 255, b: 255 } })
        .greyscale().raw().toBuffer({ resolveWithObject: true })
      const grey = new Uint8Array(rotated.info.width * rotated.info.height)
      for (let i = 0; i < grey.length; i++) grey[i] = rotated.data[i * rotated.info.channels]!
      img = { width: rotated.info.width, height: rotated.info.height, pixels: grey }
    }
  }
  let specksRemoved = 0
  if (s.despeckle) ({ image: img, removed: specksRemoved } = removeSpecks(img, { maxSize: s.speckSize }))
  if (s.scale !== 1) img = await resize(img, s.scale)
  if (s.binarize) img = binarize(img)
  return { ...img, skewDegrees, specksRemoved }
}

/** The image resized by `factor` (sharp, Lanczos 3) */
async function resize (img: Grey, factor: number): Promise<Grey> {
  const { default: sharp } = await import('sharp')
  const width = Math.round(img.width * factor)
  const height = Math.round(img.height * factor)
  const { data, info } = await sharp(img.pixels, { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize(width, height, { kernel: 'lanczos3', fit: 'fill' }).greyscale().raw().toBuffer({ resolveWithObject: true })
  const grey = new Uint8Array(info.width * info.height)
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * info.channels]!
  return { width: info.width, height: info.height, pixels: grey }
}

/** A preprocessed page as PNG bytes (what the OCR engine reads) */
export async function pageToPng (page: PreprocessedPage): Promise<Uint8Array> {
  const { default: sharp } = await import('sharp')
  return new Uint8Array(await sharp(page.pixels, { raw: { width: page.width, height: page.height, channels: 1 } }).png({ compressionLevel: 1 }).toBuffer())
}

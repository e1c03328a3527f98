import { OcrEngineError } from './errors.js'

/** A decoded page image: 8-bit grey pixels, row by row */
export interface DecodedPageImage {
  width: number
  height: number
  pixels: Uint8Array
}

/** pdf.js image kinds (`ImageKind` in pdf.js) */
const GRAYSCALE_1BPP = 1
const RGB_24BPP = 2
const RGBA_32BPP = 3

interface PdfJsImage { width: number, height: number, kind?: number, data?: Uint8Array | Uint8ClampedArray }

/** The PDF reader that decodes image streams, as recorded with a page read from one: `pdf.js <version> (<build>)` */
export async function pdfImageDecoder (): Promise<string> {
  const { getResolvedPDFJS } = await import('unpdf')
  const pdfjs = await getResolvedPDFJS()
  return `pdf.js ${pdfjs.version} (${pdfjs.build})`
}

/** pdf.js image data (1-bit packed rows with 1 = white, RGB or RGBA) as 8-bit grey */
function toGrey (image: PdfJsImage): Uint8Array {
  const { width, height, kind, data } = image
  const out = new Uint8Array(width * height)
  if (data == null) throw new OcrEngineError('pdf.js gave no pixels for the page image')
  if (kind === GRAYSCALE_1BPP) {
    const rowBytes = Math.ceil(width / 8)
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) out[y * width + x] = (data[y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7))) !== 0 ? 255 : 0
    }
    return out
  }
  const channels = kind === RGB_24BPP ? 3 : kind === RGBA_32BPP ? 4 : data.length / (width * height)
  if (channels !== 3 && channels !== 4) throw new OcrEngineError(`pdf.js gave page image pixels of an unknown kind (${String(kind)})`)
  for (let i = 0; i < out.length; i++) {
    const o = i * channels
    // ITU-R BT.601 luma, rounded: the same grey for the same pixels everywhere
    out[i] = Math.round(0.299 * data[o]! + 0.587 * data[o + 1]! + 0.114 * data[o + 2]!)
  }
  return out
}

/**
 * Decode the one image a PDF page draws (found by `pdfPageImages`) with
 * pdf.js, whatever its encoding (FlateDecode, CCITTFaxDecode, JBIG2Decode,
 * LZW, JPEG 2000, a colour space other than grey), to 8-bit grey pixels. No
 * canvas is needed: pdf.js decodes image XObjects itself; the page is not
 * rendered, so only the image is read (what a scanned page is).
 *
 * @throws {OcrEngineError} when the page draws no image of that size
 */
export async function decodePdfPageImage (pdf: Uint8Array, page: number, size: { width: number, height: number }): Promise<DecodedPageImage> {
  const { getDocumentProxy, getResolvedPDFJS } = await import('unpdf')
  // pdf.js takes ownership of the buffer it is given and refuses a Buffer: a plain copy
  const doc = await getDocumentProxy(new Uint8Array(pdf), { verbosity: 0 })
  try {
    const { OPS } = await getResolvedPDFJS()
    const p = await doc.getPage(page)
    const ops = await p.getOperatorList()
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== OPS.paintImageXObject) continue
      const key = (ops.argsArray[i] as [string])[0]
      const image = await new Promise<PdfJsImage>(resolve => { p.objs.get(key, resolve) })
      if (image?.width === size.width && image.height === size.height) return { width: image.width, height: image.height, pixels: toGrey(image) }
    }
    throw new OcrEngineError(`pdf.js found no ${size.width}×${size.height} image on page ${page}`)
  } finally {
    await doc.destroy()
  }
}

import { inflateSync } from 'node:zlib'
/** Where one page's scanned image sits inside a PDF file */
export interface PdfPageImage {
  /** 1-based page number */
  page: number
  /** Byte offset of the image's first byte (the encoded JPEG) inside the PDF file */
  byteStart: number
  /** Byte offset one past the image's last byte */
  byteEnd: number
  /** Pixel width and height from the image dictionary */
  width: number
  height: number
  /**
   * Media type of the bytes: `image/jpeg` when the stream is a JPEG file as it
   * is (DCTDecode alone); {@link PDF_IMAGE_STREAM} for any other encoding
   * (FlateDecode, CCITTFaxDecode, JBIG2Decode, …), which only a PDF reader
   * decodes, with the image dictionary
   */
  mediaType: 'image/jpeg' | typeof PDF_IMAGE_STREAM
  /** The stream's filters, in order (`[]` when not encoded) */
  filters: string[]
}

/** Media type of a page image that is an encoded PDF image stream other than a plain JPEG (see {@link decodePdfPageImage}) */
export const PDF_IMAGE_STREAM = 'application/x-pdf-image-stream'

interface PdfObject { dict: string, streamStart?: number }

const latin1 = new TextDecoder('latin1')

/** Every `N G obj … endobj` in the file body, the last definition of each number winning, then the objects of its object streams */
function scanObjects (bytes: Uint8Array): Map<number, PdfObject> {
  const objects = scanBodyObjects(bytes)
  for (const o of [...objects.values()]) {
    if (/\/Type\s*\/ObjStm\b/.test(o.dict)) readObjectStream(objects, o, bytes)
  }
  return objects
}

/**
 * The objects packed in an object stream (PDF 1.5; Flate-compressed or not),
 * added where the body does not define the same number: `/N` pairs of
 * object number and offset (from `/First`), each object running to the next.
 */
function readObjectStream (objects: Map<number, PdfObject>, stream: PdfObject, bytes: Uint8Array): void {
  const filters = filtersOf(stream.dict)
  const length = streamLength(objects, stream.dict)
  const n = num(stream.dict, 'N')
  const first = num(stream.dict, 'First')
  if (stream.streamStart == null || length == null || n == null || first == null) return
  if (filters.length > 1 || (filters.length === 1 && filters[0] !== 'FlateDecode')) return
  let data: Uint8Array
  try {
    const body = bytes.subarray(stream.streamStart, stream.streamStart + length)
    data = filters.length === 0 ? body : inflateSync(body)
  } catch {
    return
  }
  const text = latin1.decode(data)
  const header = text.slice(0, first).trim().split(/\s+/).map(Number)
  for (let i = 0; i < n && 2 * i + 1 < header.length; i++) {
    const objNum = header[2 * i]!
    const start = first + header[2 * i + 1]!
    const end = 2 * i + 3 < header.length ? first + header[2 * i + 3]! : text.length
    if (!objects.has(objNum) && Number.isFinite(start)) objects.set(objNum, { dict: text.slice(start, end) })
  }
}

/** A stream's `/Length`, given directly or as a reference to a number object */
function streamLength (objects: Map<number, PdfObject>, dict: string): number | undefined {
  const lengthRef = ref(dict, 'Length')
  const length = lengthRef != null ? Number(/^\s*(\d+)/.exec(objects.get(lengthRef)?.dict ?? '')?.[1]) : num(dict, 'Length')
  return length != null && Number.isFinite(length) ? length : undefined
}

/** Every `N G obj … endobj` in the file body, the last definition of each number winning */
function scanBodyObjects (bytes: Uint8Array): Map<number, PdfObject> {
  const text = latin1.decode(bytes)
  const objects = new Map<number, PdfObject>()
  const re = /(?:^|[\r\n\s])(\d+)\s+\d+\s+obj\b/g
  for (let m = re.exec(text); m != null; m = re.exec(text)) {
    const start = m.index + m[0].length
    const end = text.indexOf('endobj', start)
    const streamAt = text.indexOf('stream', start)
    const hasStream = streamAt !== -1 && (end === -1 || streamAt < end)
    const dict = text.slice(start, hasStream ? streamAt : (end === -1 ? text.length : end))
    let streamStart: number | undefined
    if (hasStream) {
      streamStart = streamAt + 'stream'.length
      if (text[streamStart] === '\r') streamStart++
      if (text[streamStart] === '\n') streamStart++
    }
    objects.set(Number(m[1]), { dict, streamStart })
    if (hasStream) {
      const endStream = text.indexOf('endstream', streamStart)
      if (endStream !== -1) re.lastIndex = endStream
    }
  }
  return objects
}

const ref = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict)
  return m == null ? undefined : Number(m[1])
}
const num = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s+(\\d+)(?!\\s+\\d+\\s+R)`).exec(dict)
  return m == null ? undefined : Number(m[1])
}
/** The body of a `/Key << … >>` sub-dictionary (one level of nesting), or of the dictionary it references */
function subDict (objects: Map<number, PdfObject>, dict: string, key: string): string | undefined {
  const at = dict.indexOf(`/${key}`)
  if (at === -1) return undefined
  const rest = dict.slice(at + key.length + 1).trimStart()
  if (rest.startsWith('<<')) {
    let depth = 0
    for (let i = 0; i < rest.length - 1; i++) {
      if (rest.startsWith('<<', i)) { depth++; i++ } else if (rest.startsWith('>>', i)) {
        depth--
        if (depth === 0) return rest.slice(2, i)
        i++
      }
    }
    return undefined
  }
  const n = ref(dict, key)
  return n == null ? undefined : objects.get(n)?.dict
}

/** Page object numbers in document order, walking the page tree from the catalog */
function pageObjects (objects: Map<number, PdfObject>): number[] {
  const catalog = [...objects.values()].find(o => /\/Type\s*\/Catalog\b/.test(o.dict))
  const root = catalog == null ? undefined : ref(catalog.dict, 'Pages')
  const out: number[] = []
  const walk = (n: number, depth: number): void => {
    const o = objects.get(n)
    if (o == null || depth > 32) return
    if (/\/Type\s*\/Pages\b/.test(o.dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o.dict)?.[1] ?? ''
      for (const k of kids.matchAll(/(\d+)\s+\d+\s+R/g)) walk(Number(k[1]), depth + 1)
    } else if (/\/Type\s*\/Page\b/.test(o.dict)) {
      out.push(n)
    }
  }
  if (root != null) walk(root, 0)
  return out
}

/** The filters of a stream dictionary: `/Filter /X` or `/Filter [/X /Y]` */
function filtersOf (dict: string): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict)
  return m == null ? [] : [...m[1]!.matchAll(/\/([A-Za-z0-9]+)/g)].map(f => f[1]!)
}

/** The image XObjects an `/XObject` dictionary names, and those of the form XObjects it names (one level: scanners may wrap the page image in a form) */
function xobjectImages (objects: Map<number, PdfObject>, xobjects: string): PdfObject[] {
  const named = (dict: string): PdfObject[] => [...new Set([...dict.matchAll(/\/[^\s/<>[\]]+\s+(\d+)\s+\d+\s+R/g)].map(m => Number(m[1])))]
    .map(n => objects.get(n))
    .filter((o): o is PdfObject => o != null)
  const isImage = (o: PdfObject): boolean => /\/Subtype\s*\/Image\b/.test(o.dict)
  const images = named(xobjects).filter(isImage)
  for (const form of named(xobjects).filter(o => /\/Subtype\s*\/Form\b/.test(o.dict))) {
    const resources = subDict(objects, form.dict, 'Resources')
    const inner = resources == null ? undefined : subDict(objects, resources, 'XObject')
    if (inner != null) for (const o of named(inner).filter(isImage)) if (!images.includes(o)) images.push(o)
  }
  return images
}

/** A page with images that is not one readable image, and why */
export interface UnreadablePdfPage { page: number, reason: string }

/** The one image of a page object, if the page draws exactly one; else why not, when it draws images at all */
function pageImage (objects: Map<number, PdfObject>, pageObj: number, bytes: Uint8Array): Omit<PdfPageImage, 'page'> | { reason: string } | undefined {
  let resources: string | undefined
  for (let n: number | undefined = pageObj, hops = 0; n != null && resources == null && hops < 32; hops++) {
    const o = objects.get(n)
    if (o == null) break
    resources = subDict(objects, o.dict, 'Resources')
    n = ref(o.dict, 'Parent')
  }
  const xobjects = resources == null ? undefined : subDict(objects, resources, 'XObject')
  if (xobjects == null) return undefined
  const images = xobjectImages(objects, xobjects)
  if (images.length === 0) return undefined
  if (images.length > 1) return { reason: `it draws ${images.length} images (OCR reads a page that is one scanned image; composing a page needs a renderer with a canvas, which Quarry does not ship)` }
  const image = images[0]!
  if (/\/ImageMask\s+true\b/.test(image.dict)) return { reason: 'its image is a stencil mask (not read by OCR)' }
  if (image.streamStart == null) return undefined
  const filters = filtersOf(image.dict)
  const length = streamLength(objects, image.dict)
  const width = num(image.dict, 'Width')
  const height = num(image.dict, 'Height')
  if (length == null || width == null || height == null) return { reason: 'its image dictionary has no readable /Length, /Width or /Height' }
  const byteStart = image.streamStart
  const byteEnd = byteStart + length
  if (byteEnd > bytes.length) return { reason: 'its image stream runs past the end of the file' }
  const jpeg = filters.length === 1 && filters[0] === 'DCTDecode' && bytes[byteStart] === 0xff && bytes[byteStart + 1] === 0xd8
  return { byteStart, byteEnd, width, height, mediaType: jpeg ? 'image/jpeg' : PDF_IMAGE_STREAM, filters }
}

/**
 * The scanned image of each page of a PDF whose pages are scans: for every
 * page (in page-tree order) that draws exactly one image XObject, the byte
 * range of that image's stream inside the PDF file. A JPEG (DCTDecode, what
 * scanners and img2pdf write) is a JPEG file as it is; other encodings
 * (FlateDecode, CCITTFaxDecode, …) are decoded by {@link decodePdfPageImage}.
 * Either way the page image has a CID that anyone holding the PDF can
 * recompute from those bytes.
 *
 * `pageCount` is the number of pages found in the page tree.
 *
 * Objects in the file body and in (Flate) object streams are read. A page
 * that draws no image gives no entry; one that draws images but is not one
 * image (several, a stencil mask) is listed in `unreadable` with the reason.
 */
export function pdfPageImages (bytes: Uint8Array): { pageCount: number, images: PdfPageImage[], unreadable: UnreadablePdfPage[] } {
  const objects = scanObjects(bytes)
  const images: PdfPageImage[] = []
  const unreadable: UnreadablePdfPage[] = []
  const pages = pageObjects(objects)
  pages.forEach((n, i) => {
    const image = pageImage(objects, n, bytes)
    if (image != null && 'reason' in image) unreadable.push({ page: i + 1, reason: image.reason })
    else if (image != null) images.push({ page: i + 1, ...image })
  })
  return { pageCount: pages.length, images, unreadable }
}

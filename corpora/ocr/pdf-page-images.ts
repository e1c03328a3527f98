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
  /** Media type of the bytes (`image/jpeg`: a DCTDecode stream is a JPEG file) */
  mediaType: 'image/jpeg'
}

interface PdfObject { dict: string, streamStart?: number }

const latin1 = new TextDecoder('latin1')

/** Every `N G obj … endobj` of a classic (non-object-stream) PDF, the last definition of each number winning */
function scanObjects (bytes: Uint8Array): Map<number, PdfObject> {
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

/** The one full-page JPEG image of a page object, if that is what the page is */
function pageJpeg (objects: Map<number, PdfObject>, pageObj: number, bytes: Uint8Array): Omit<PdfPageImage, 'page'> | undefined {
  let resources: string | undefined
  for (let n: number | undefined = pageObj, hops = 0; n != null && resources == null && hops < 32; hops++) {
    const o = objects.get(n)
    if (o == null) break
    resources = subDict(objects, o.dict, 'Resources')
    n = ref(o.dict, 'Parent')
  }
  const xobjects = resources == null ? undefined : subDict(objects, resources, 'XObject')
  if (xobjects == null) return undefined
  const images = [...xobjects.matchAll(/\/[^\s/<>[\]]+\s+(\d+)\s+\d+\s+R/g)]
    .map(m => objects.get(Number(m[1])))
    .filter((o): o is PdfObject => o != null && /\/Subtype\s*\/Image\b/.test(o.dict))
  if (images.length !== 1) return undefined
  const image = images[0]!
  if (!/\/Filter\s*(\[\s*)?\/DCTDecode\b/.test(image.dict) || image.streamStart == null) return undefined
  const lengthRef = ref(image.dict, 'Length')
  const length = lengthRef != null ? Number(/^\s*(\d+)/.exec(objects.get(lengthRef)?.dict ?? '')?.[1]) : num(image.dict, 'Length')
  const width = num(image.dict, 'Width')
  const height = num(image.dict, 'Height')
  if (length == null || !Number.isFinite(length) || width == null || height == null) return undefined
  const byteStart = image.streamStart
  const byteEnd = byteStart + length
  if (byteEnd > bytes.length || bytes[byteStart] !== 0xff || bytes[byteStart + 1] !== 0xd8) return undefined
  return { byteStart, byteEnd, width, height, mediaType: 'image/jpeg' }
}

/**
 * The scanned image of each page of a PDF whose pages are scans: for every
 * page (in page-tree order) that draws exactly one image XObject encoded as
 * a JPEG (DCTDecode, what scanners and img2pdf write), the byte range of that
 * JPEG inside the PDF file. The bytes at that range are a JPEG file as they
 * are, so a page image has a CID that anyone holding the PDF can recompute.
 *
 * `pageCount` is the number of pages found in the page tree.
 *
 * Reads classic PDFs (objects in the file body); a page without such an image,
 * or a PDF whose objects are compressed into object streams, gives no entry
 * for that page.
 */
export function pdfPageImages (bytes: Uint8Array): { pageCount: number, images: PdfPageImage[] } {
  const objects = scanObjects(bytes)
  const images: PdfPageImage[] = []
  const pages = pageObjects(objects)
  pages.forEach((n, i) => {
    const image = pageJpeg(objects, n, bytes)
    if (image != null) images.push({ page: i + 1, ...image })
  })
  return { pageCount: pages.length, images }
}

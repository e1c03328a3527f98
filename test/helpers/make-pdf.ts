const enc = new TextEncoder()

/** An image stream drawn over the whole page: its encoded bytes, filter (e.g. `FlateDecode`, `CCITTFaxDecode`), bits per component, optional `/DecodeParms` dictionary, and whether the page draws it through a form XObject */
export interface TestPdfImage { stream: Uint8Array, width: number, height: number, filter: string, bitsPerComponent: number, decodeParms?: string, inForm?: boolean }

/** One page of a test PDF: lines of Helvetica text, a JPEG drawn over the whole page, another image stream, or several images (one strip each) */
export type TestPdfPage = string[] | { jpeg: Uint8Array, width: number, height: number } | TestPdfImage | { images: TestPdfImage[] }

/** Options of {@link makePdf} */
export interface MakePdfOptions {
  /** Pack every object that is not a stream into one object stream (PDF 1.5) with a cross-reference stream, as many writers do */
  objectStreams?: boolean
}

/**
 * A minimal valid PDF 1.4 built byte by byte: one Helvetica font, one content
 * stream per page (each string of a text page is a line; an image page draws
 * its grey JPEG, DCTDecode, over the whole page, as scanners write them), an
 * Info dictionary with an optional Title, and a correct cross-reference table.
 */
export function makePdf (pages: TestPdfPage[], title?: string, options: MakePdfOptions = {}): Uint8Array {
  const objects: Array<string | Uint8Array[]> = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    title == null ? '<< /Producer (quarry test) >>' : `<< /Title (${title}) /Producer (quarry test) >>`
  ]
  const kids: number[] = []
  for (const page of pages) {
    const pageObj = objects.length + 1
    kids.push(pageObj)
    if (Array.isArray(page)) {
      objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageObj + 1} 0 R >>`)
      const stream = page.map((line, j) => `BT /F1 18 Tf 72 ${720 - 28 * j} Td (${line}) Tj ET`).join('\n')
      objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`)
    } else {
      const images = 'images' in page ? page.images : ['jpeg' in page ? { stream: page.jpeg, width: page.width, height: page.height, filter: 'DCTDecode', bitsPerComponent: 8 } : page]
      const names = images.map((_, k) => `/Im${k} ${pageObj + 2 + k} 0 R`).join(' ')
      objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << ${names} >> >> /Contents ${pageObj + 1} 0 R >>`)
      // each image drawn over an equal horizontal strip of the page (one image: the whole page)
      const strip = 792 / images.length
      const stream = images.map((_, k) => `q 612 0 0 ${strip} 0 ${792 - (k + 1) * strip} cm /Im${k} Do Q`).join('\n')
      objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`)
      const forms: number[] = []
      for (const [k, image] of images.entries()) {
        const parms = image.decodeParms != null ? ` /DecodeParms ${image.decodeParms}` : ''
        const imageDict = `<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /DeviceGray /BitsPerComponent ${image.bitsPerComponent} /Filter /${image.filter}${parms} /Length ${image.stream.length} >>`
        if (image.inForm === true) forms.push(k)
        objects.push([enc.encode(`${imageDict}\nstream\n`), image.stream, enc.encode('\nendstream')])
      }
      // an image drawn through a form: the page's /Im<k> is a form whose resources name the image object
      for (const k of forms) {
        const formNum = objects.length + 1
        const draw = '/Img Do'
        objects.push(`<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /Img ${pageObj + 2 + k} 0 R >> >> /Length ${draw.length} >>\nstream\n${draw}\nendstream`)
        objects[pageObj - 1] = (objects[pageObj - 1] as string).replace(`/Im${k} ${pageObj + 2 + k} 0 R`, `/Im${k} ${formNum} 0 R`)
      }
    }
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map(k => `${k} 0 R`).join(' ')}] /Count ${pages.length} >>`
  return options.objectStreams === true ? writeWithObjectStream(objects) : writeClassic(objects)
}

/** Concatenate byte arrays */
function concat (parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) { out.set(p, offset); offset += p.length }
  return out
}

/** A PDF 1.5 file: the non-stream objects in one object stream (uncompressed), the rest in the body, and a cross-reference stream */
function writeWithObjectStream (objects: Array<string | Uint8Array[]>): Uint8Array {
  // streams stay in the body (an object stream holds no streams)
  const packed = objects.flatMap((body, i) => typeof body === 'string' && !body.includes('\nstream\n') ? [i + 1] : [])
  const objStmNum = objects.length + 1
  const xrefNum = objects.length + 2
  let header = ''
  let data = ''
  for (const n of packed) {
    header += `${n} ${data.length} `
    data += `${objects[n - 1] as string}\n`
  }
  const objStm = `${header}\n${data}`
  const first = header.length + 1
  const parts: Uint8Array[] = [enc.encode('%PDF-1.5\n')]
  let length = parts[0]!.length
  const offsets = new Map<number, number>()
  const write = (n: number, body: Uint8Array[]): void => {
    offsets.set(n, length)
    for (const p of [enc.encode(`${n} 0 obj\n`), ...body, enc.encode('\nendobj\n')]) { parts.push(p); length += p.length }
  }
  objects.forEach((body, i) => { if (!packed.includes(i + 1)) write(i + 1, typeof body === 'string' ? [enc.encode(body)] : body) })
  write(objStmNum, [enc.encode(`<< /Type /ObjStm /N ${packed.length} /First ${first} /Length ${objStm.length} >>\nstream\n${objStm}\nendstream`)])
  // cross-reference stream: W [1 4 2]; type 1 = offset in the file, type 2 = (object stream, index)
  const size = xrefNum + 1
  const rows = new Uint8Array(size * 7)
  const row = (n: number, type: number, a: number, b: number): void => {
    rows[n * 7] = type
    for (let k = 0; k < 4; k++) rows[n * 7 + 1 + k] = (a >>> (8 * (3 - k))) & 0xff
    rows[n * 7 + 5] = (b >> 8) & 0xff
    rows[n * 7 + 6] = b & 0xff
  }
  row(0, 0, 0, 65535)
  for (const [n, offset] of offsets) row(n, 1, offset, 0)
  packed.forEach((n, index) => row(n, 2, objStmNum, index))
  row(xrefNum, 1, length, 0)
  const xref = length
  parts.push(enc.encode(`${xrefNum} 0 obj\n<< /Type /XRef /Size ${size} /W [1 4 2] /Root 1 0 R /Info 4 0 R /Length ${rows.length} >>\nstream\n`), rows, enc.encode(`\nendstream\nendobj\nstartxref\n${xref}\n%%EOF\n`))
  return concat(parts)
}

/** A PDF 1.4 file: every object in the body, a cross-reference table */
function writeClassic (objects: Array<string | Uint8Array[]>): Uint8Array {
  const parts: Uint8Array[] = [enc.encode('%PDF-1.4\n')]
  let length = parts[0]!.length
  const push = (p: Uint8Array): void => { parts.push(p); length += p.length }
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(length)
    push(enc.encode(`${i + 1} 0 obj\n`))
    for (const p of typeof body === 'string' ? [enc.encode(body)] : body) push(p)
    push(enc.encode('\nendobj\n'))
  })
  const xref = length
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  tail += offsets.map(offset => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  push(enc.encode(tail))
  return concat(parts)
}

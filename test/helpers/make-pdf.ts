const enc = new TextEncoder()

/** One page of a test PDF: lines of Helvetica text, or a JPEG drawn over the whole page */
export type TestPdfPage = string[] | { jpeg: Uint8Array, width: number, height: number }

/**
 * A minimal valid PDF 1.4 built byte by byte: one Helvetica font, one content
 * stream per page (each string of a text page is a line; an image page draws
 * its grey JPEG, DCTDecode, over the whole page, as scanners write them), an
 * Info dictionary with an optional Title, and a correct cross-reference table.
 */
export function makePdf (pages: TestPdfPage[], title?: string): Uint8Array {
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
      objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im0 ${pageObj + 2} 0 R >> >> /Contents ${pageObj + 1} 0 R >>`)
      const stream = 'q 612 0 0 792 0 0 cm /Im0 Do Q'
      objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`)
      objects.push([
        enc.encode(`<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${page.jpeg.length} >>\nstream\n`),
        page.jpeg,
        enc.encode('\nendstream')
      ])
    }
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map(k => `${k} 0 R`).join(' ')}] /Count ${pages.length} >>`
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
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) { out.set(p, offset); offset += p.length }
  return out
}

import { describe, it, expect } from 'vitest'
import { pdfLoader } from './pdf-loader.js'

const enc = new TextEncoder()
const dec = new TextDecoder()

/**
 * A minimal valid PDF 1.4: one Helvetica font, one content stream per page
 * (each string in a page's array is a line), an Info dictionary with an
 * optional Title, and a correct cross-reference table.
 */
function makePdf (pages: string[][], title?: string): Uint8Array {
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${5 + 2 * i} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    title == null ? '<< /Producer (quarry test) >>' : `<< /Title (${title}) /Producer (quarry test) >>`
  ]
  pages.forEach((lines, i) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${6 + 2 * i} 0 R >>`)
    const stream = lines.map((line, j) => `BT /F1 18 Tf 72 ${720 - 28 * j} Td (${line}) Tj ET`).join('\n')
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`)
  })
  let pdf = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(pdf.length)
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = pdf.length
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  pdf += offsets.map(offset => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return enc.encode(pdf)
}

describe('pdfLoader', () => {
  it('extracts text by page with 1-based numbers and byte ranges', async () => {
    const bytes = makePdf([['Filecoin storage deals', 'Clients pay providers'], ['Retrieval market']], 'Filecoin primer')
    const docs = await pdfLoader.load(bytes, 'papers/primer.pdf')
    expect(docs).toHaveLength(1)
    const doc = docs[0]
    expect(doc?.text).toBe('Filecoin storage deals\nClients pay providers\n\nRetrieval market')
    expect(doc?.title).toBe('Filecoin primer')
    expect(doc?.mediaType).toBe('application/pdf')
    expect(doc?.metadata).toEqual({ pageCount: 2, info: { Title: 'Filecoin primer', Producer: 'quarry test' } })
    const text = enc.encode(doc?.text)
    expect(doc?.pages?.map(p => p.number)).toEqual([1, 2])
    expect(doc?.pages?.map(p => dec.decode(text.subarray(p.byteStart, p.byteEnd)))).toEqual(['Filecoin storage deals\nClients pay providers', 'Retrieval market'])
  })

  it('does not consume the caller\'s bytes and is deterministic', async () => {
    const bytes = makePdf([['Filecoin storage deals'], ['Retrieval market']])
    const a = await pdfLoader.load(bytes, 'x.pdf')
    const b = await pdfLoader.load(bytes, 'x.pdf')
    expect(b).toEqual(a)
    expect(a[0]?.title).toBe('x')
  })

  it('gives no documents for a PDF without a text layer', async () => {
    expect(await pdfLoader.load(makePdf([[], []], 'Scan'), 'scan.pdf')).toEqual([])
  })

  it('throws CorpusLoadError for bytes that are not a PDF', async () => {
    await expect(pdfLoader.load(enc.encode('not a pdf at all'), 'broken.pdf')).rejects.toMatchObject({ name: 'CorpusLoadError', path: 'broken.pdf' })
  })
})

import { describe, it, expect } from 'vitest'
import { pdfLoader } from './pdf-loader.js'
import { makePdf } from '../../test/helpers/make-pdf.js'

const enc = new TextEncoder()
const dec = new TextDecoder()

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

  it('reads bytes that come from a file (a Buffer), as the CLI passes them', async () => {
    const bytes = Buffer.from(makePdf([['Filecoin storage deals']]))
    const docs = await pdfLoader.load(bytes, 'from-file.pdf')
    expect(docs[0]?.text).toBe('Filecoin storage deals')
  })

  it('gives no documents for a PDF without a text layer', async () => {
    expect(await pdfLoader.load(makePdf([[], []], 'Scan'), 'scan.pdf')).toEqual([])
  })

  it('throws CorpusLoadError for bytes that are not a PDF', async () => {
    await expect(pdfLoader.load(enc.encode('not a pdf at all'), 'broken.pdf')).rejects.toMatchObject({ name: 'CorpusLoadError', path: 'broken.pdf' })
  })
})

import { describe, it, expect } from 'vitest'
import { textLoader } from './text-loader.js'

const enc = new TextEncoder()

describe('textLoader', () => {
  it('keeps the text verbatim and takes the first non-empty line as title', async () => {
    const text = '\n\n   Filecoin — notes  \nsecond line\n'
    const [doc] = await textLoader.load(enc.encode(text), 'notes/log.txt')
    expect(doc).toEqual({ path: 'notes/log.txt', title: 'Filecoin — notes', mediaType: 'text/plain', text, metadata: {} })
  })

  it('cuts long titles at 120 characters, passes over RST adornments', async () => {
    const long = '🎉'.repeat(130)
    expect((await textLoader.load(enc.encode(`${long}\n`), 'a.txt'))[0]?.title).toBe('🎉'.repeat(120))
    expect((await textLoader.load(enc.encode('=====\nTitle\n=====\n\nBody\n'), 'b.rst'))[0]?.title).toBe('Title')
  })

  it('falls back to the file name, skips whitespace-only files, flags invalid UTF-8', async () => {
    expect((await textLoader.load(enc.encode('----\n'), 'dir/LICENSE'))[0]?.title).toBe('LICENSE')
    expect(await textLoader.load(enc.encode(' \n\t\n'), 'empty.log')).toEqual([])
    expect((await textLoader.load(new Uint8Array([0x68, 0xe9, 0x0a]), 'latin1.txt'))[0]?.metadata).toEqual({ invalidUtf8: true })
  })
})

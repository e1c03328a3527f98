import { describe, it, expect } from 'vitest'
import { loadFile } from './load-file.js'
import { markdownLoader } from './markdown-loader.js'
import type { DocumentLoader } from '../document.js'

const enc = new TextEncoder()
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52])

describe('loadFile', () => {
  it('loads by extension', async () => {
    const { documents, skipped } = await loadFile(enc.encode('# Hello\n'), 'docs/hello.md')
    expect(skipped).toBeUndefined()
    expect(documents.map(d => [d.title, d.mediaType])).toEqual([['Hello', 'text/markdown']])
  })

  it('loads files without a known extension as text unless binary', async () => {
    const { documents } = await loadFile(enc.encode('MIT License\n\nCopyright …\n'), 'LICENSE')
    expect(documents.map(d => [d.path, d.title, d.mediaType])).toEqual([['LICENSE', 'MIT License', 'text/plain']])
    expect(await loadFile(PNG, 'logo.png')).toEqual({ documents: [], skipped: 'binary' })
    expect(await loadFile(PNG, 'README')).toEqual({ documents: [], skipped: 'binary' })
  })

  it('skips unsupported, empty and NUL-bearing text files', async () => {
    expect(await loadFile(enc.encode('plain'), 'notes.cfg', { loaders: [markdownLoader] })).toEqual({ documents: [], skipped: 'unsupported' })
    expect(await loadFile(new Uint8Array(), 'a.md')).toEqual({ documents: [], skipped: 'empty' })
    expect(await loadFile(enc.encode('  \n'), 'a.md')).toEqual({ documents: [], skipped: 'empty' })
    expect(await loadFile(PNG, 'fake.md')).toEqual({ documents: [], skipped: 'binary' })
  })

  it('passes CorpusLoadError on and wraps other loader failures', async () => {
    await expect(loadFile(enc.encode('{"text": '), 'a.jsonl')).rejects.toMatchObject({ name: 'CorpusLoadError', line: 1 })
    const failing: DocumentLoader = { name: 'boom', mediaType: 'text/x-boom', extensions: ['.boom'], load: async () => { throw new TypeError('kaput') } }
    const err = await loadFile(enc.encode('x'), 'a.boom', { loaders: [failing] }).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'CorpusLoadError', path: 'a.boom' })
    expect((err as Error).cause).toBeInstanceOf(TypeError)
  })

  it('honours an aborted signal', async () => {
    await expect(loadFile(enc.encode('# x'), 'a.md', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
  })
})

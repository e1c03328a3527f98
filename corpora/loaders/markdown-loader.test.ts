import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it, expect } from 'vitest'
import { markdownLoader } from './markdown-loader.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SHARED = process.env.QUARRY_SHARED ?? path.resolve(ROOT, '../shared')
const hasShared = existsSync(SHARED)
if (!hasShared) console.warn(`markdown-loader: skipping shared-data tests, ${SHARED} not found (set QUARRY_SHARED)`)

const enc = new TextEncoder()
const dec = new TextDecoder()

function walk (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? walk(full) : entry.name.endsWith('.md') ? [full] : []
  }).sort()
}

async function loadOne (text: string, file = 'doc.md'): Promise<NonNullable<Awaited<ReturnType<typeof markdownLoader.load>>[0]>> {
  const [doc] = await markdownLoader.load(enc.encode(text), file)
  if (doc == null) throw new Error('no document')
  return doc
}

describe('markdownLoader', () => {
  it('keeps the file verbatim, parses front matter and measures it in bytes', async () => {
    const text = '---\ntitle: Überblick\ntags: [a, b]\n---\n\n# Heading\n\nBody ✓\n'
    const doc = await loadOne(text)
    expect(doc.text).toBe(text)
    expect(doc.title).toBe('Überblick')
    expect(doc.mediaType).toBe('text/markdown')
    expect(doc.metadata.frontMatter).toEqual({ title: 'Überblick', tags: ['a', 'b'] })
    const fmBytes = doc.metadata.frontMatterBytes as number
    expect(fmBytes).toBe(enc.encode('---\ntitle: Überblick\ntags: [a, b]\n---\n').length)
    expect(dec.decode(enc.encode(text).subarray(fmBytes))).toBe('\n# Heading\n\nBody ✓\n')
    expect(doc.pages).toBeUndefined()
  })

  it('takes the first ATX heading outside code fences, cleaned of markup', async () => {
    const doc = await loadOne('Intro line\n\n```bash\n# not a heading\n```\n\n## The **[FVM](https://fvm.dev)** `API` <!-- omit in toc --> ##\n# Later\n')
    expect(doc.title).toBe('The FVM API')
    expect(doc.metadata.frontMatterBytes).toBe(0)
    expect(doc.metadata.frontMatter).toBeUndefined()
    expect((await loadOne('#hashtag is not a heading\n')).title).toBe('doc')
    expect((await loadOne('~~~~\n# fenced\n~~~\nstill fenced\n~~~~\n# Out\n')).title).toBe('Out')
  })

  it('reads headings and fences with the one scanner: setext titles, no ## Page inside a longer fence', async () => {
    expect((await loadOne('Getting *started*\n=================\n\nText\n')).title).toBe('Getting started')
    const doc = await loadOne('# Rec\n````\n```\n## Page 1\n````\n## Page 2\nx\n')
    expect(doc.pages?.map(p => p.number)).toEqual([2])
  })

  it('falls back to the file name and skips whitespace-only files', async () => {
    expect((await loadOne('plain words\n', 'notes/Read Me.mdx')).title).toBe('Read Me')
    expect(await markdownLoader.load(enc.encode(' \n\n'), 'x.md')).toEqual([])
  })

  it('records `## Page N` byte ranges with multi-byte text and CRLF', async () => {
    const text = '# Rec\r\n\r\n## Page 1\r\n\r\nCafé — naïve 🎉\r\n\r\n---\r\n\r\n## Page 2\r\n\r\n日本\r\n'
    const doc = await loadOne(text)
    const bytes = enc.encode(text)
    expect(doc.title).toBe('Rec')
    expect(doc.pages?.map(p => p.number)).toEqual([1, 2])
    const [p1, p2] = doc.pages ?? []
    expect(p1?.byteStart).toBe(enc.encode('# Rec\r\n\r\n').length)
    expect(p1?.byteEnd).toBe(p2?.byteStart)
    expect(p2?.byteEnd).toBe(bytes.length)
    expect(dec.decode(bytes.subarray(p1?.byteStart, p1?.byteEnd))).toBe('## Page 1\r\n\r\nCafé — naïve 🎉\r\n\r\n---\r\n\r\n')
    expect(dec.decode(bytes.subarray(p2?.byteStart, p2?.byteEnd))).toBe('## Page 2\r\n\r\n日本\r\n')
  })

  it('keeps a byte order mark and flags invalid UTF-8', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('---\ntitle: T\n---\n## Page 1\nx\n')])
    const [doc] = await markdownLoader.load(bom, 'b.md')
    expect(doc?.title).toBe('T')
    expect(doc?.metadata.frontMatterBytes).toBe(3 + 17)
    expect(doc?.pages).toEqual([{ number: 1, byteStart: 20, byteEnd: bom.length }])
    const [bad] = await markdownLoader.load(new Uint8Array([0x23, 0x20, 0x41, 0x0a, 0xff]), 'bad.md')
    expect(bad?.metadata.invalidUtf8).toBe(true)
  })
})

describe.skipIf(!hasShared)('markdownLoader on ../shared corpora', () => {
  it('loads all 198 Filecoin docs pages verbatim with a non-empty title', async () => {
    const root = path.join(SHARED, 'corpora/filecoin-docs')
    const files = walk(root)
    expect(files).toHaveLength(198)
    for (const file of files) {
      const bytes = readFileSync(file)
      const rel = path.relative(root, file).split(path.sep).join('/')
      const docs = await markdownLoader.load(bytes, rel)
      expect(docs, rel).toHaveLength(1)
      const doc = docs[0]
      expect(doc?.path).toBe(rel)
      expect(doc?.title.trim(), rel).not.toBe('')
      expect(enc.encode(doc?.text).length, rel).toBe(bytes.length)
      const fmBytes = doc?.metadata.frontMatterBytes as number
      if (fmBytes > 0) expect(dec.decode(bytes.subarray(0, fmBytes)), rel).toMatch(/^---\n[\s\S]*\n---\n$/)
    }
    const intro = await markdownLoader.load(readFileSync(path.join(root, 'basics/what-is-filecoin/README.md')), 'basics/what-is-filecoin/README.md')
    expect(intro[0]?.title).toBe('Introduction to Filecoin')
    expect(intro[0]?.metadata.frontMatter).toMatchObject({ description: expect.stringContaining('overview of Filecoin') })
    const hint = files.map(f => readFileSync(f, 'utf8')).find(t => t.includes('{% hint')) ?? ''
    expect(hint).not.toBe('')
    expect((await markdownLoader.load(enc.encode(hint), 'hint.md'))[0]?.text).toContain('{% hint')
  })

  it('parses `## Page N` markers of JFK records into byte ranges that cover the pages', async () => {
    const docsDir = path.join(SHARED, 'corpora/jfk-2025-0318/docs')
    const manifest = new Map(readFileSync(path.join(SHARED, 'corpora/jfk-2025-0318/manifest.jsonl'), 'utf8')
      .trim().split('\n').map(line => JSON.parse(line) as { doc_id: string, pages: number }).map(r => [r.doc_id, r.pages]))
    const all = readdirSync(docsDir).filter(f => f.endsWith('.md')).sort()
    const sample = [...all.filter((_, i) => i % 150 === 0), '104-10004-10213.md', '104-10004-10143 (C06932208).md']
    for (const name of sample) {
      const bytes = readFileSync(path.join(docsDir, name))
      const [doc] = await markdownLoader.load(bytes, name)
      const pages = doc?.pages ?? []
      const id = name.replace(/\.md$/, '')
      expect(doc?.title, name).toBe(id)
      expect(pages.length, name).toBe(manifest.get(id))
      expect(pages[0]?.number, name).toBe(1)
      expect(pages.at(-1)?.byteEnd, name).toBe(bytes.length)
      pages.forEach((page, i) => {
        if (i > 0) {
          expect(page.number, name).toBeGreaterThan(pages[i - 1]?.number ?? 0)
          expect(page.byteStart, name).toBe(pages[i - 1]?.byteEnd)
        }
        expect(dec.decode(bytes.subarray(page.byteStart, page.byteEnd)).startsWith(`## Page ${page.number}\n`), `${name} p${page.number}`).toBe(true)
      })
    }
  })
})

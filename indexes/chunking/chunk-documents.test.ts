import { existsSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it, expect, beforeAll } from 'vitest'
import { chunkCid, verifyChunkCid } from './chunk-cid.js'
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS } from './chunk-documents.js'
import { readableText } from './readable-text.js'
import type { ChunkOptions } from './chunk-documents.js'
import type { Chunk } from '../chunk.js'
import { markdownLoader, type Document } from '../../corpora/index.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const shared = process.env.QUARRY_SHARED ?? path.resolve(root, '../shared')
const docsDir = path.join(shared, 'corpora/filecoin-docs')
const hasDocs = existsSync(docsDir)
if (!hasDocs) console.warn(`Skipping filecoin-docs chunking tests: ${docsDir} is missing (set QUARRY_SHARED)`)

async function makeDoc (text: string, extra: Partial<Document> = {}): Promise<Document> {
  return { cid: await chunkCid(text), path: 'doc.txt', title: 'Doc', mediaType: 'text/plain', text, metadata: {}, ...extra }
}

/** A markdown document as Quarry's own loader reads it (front matter measured, title) */
async function markdownDoc (text: string, file: string): Promise<Document> {
  const [loaded] = await markdownLoader.load(Buffer.from(text), file)
  if (loaded === undefined) throw new Error(`${file}: no document`)
  return { ...loaded, cid: await chunkCid(text) }
}

async function collect (docs: Document[], options?: ChunkOptions): Promise<Chunk[]> {
  const chunks: Chunk[] = []
  for await (const chunk of chunkDocuments(docs, options)) chunks.push(chunk)
  return chunks
}

/** The hard invariant: trimmed, non-empty, an exact substring at the stated UTF-8 offsets */
function expectInvariant (doc: Document, chunk: Chunk, chunkSize: number = DEFAULT_CHUNK_OPTIONS.chunkSize): void {
  expect(chunk.text).toBe(chunk.text.trim())
  expect(chunk.text.length).toBeGreaterThan(0)
  expect(chunk.text.length).toBeLessThanOrEqual(chunkSize)
  expect(Buffer.from(doc.text).subarray(chunk.byteStart, chunk.byteEnd).toString()).toBe(chunk.text)
  expect(chunk.docCid.equals(doc.cid)).toBe(true)
  expect([chunk.path, chunk.title]).toEqual([doc.path, doc.title])
}

describe.skipIf(!hasDocs)('chunkDocuments on the Filecoin docs', () => {
  const docs: Document[] = []
  let chunks: Chunk[] = []

  beforeAll(async () => {
    const files = (await readdir(docsDir, { recursive: true })).filter((f) => f.endsWith('.md')).sort()
    for (const file of files) docs.push(await markdownDoc(await readFile(path.join(docsDir, file), 'utf8'), file))
    chunks = await collect(docs)
  })

  it('keeps the invariant on all 198 pages and covers all their readable text', async () => {
    expect(docs).toHaveLength(198)
    const byPath = new Map(docs.map((doc) => [doc.path, doc]))
    for (const chunk of chunks) {
      const doc = byPath.get(chunk.path)
      if (doc == null) throw new Error(`unknown path ${chunk.path}`)
      expectInvariant(doc, chunk)
      expect(chunk.byteStart).toBeGreaterThanOrEqual(Number(doc.metadata.frontMatterBytes ?? 0))
      expect(chunk.headings).toBeDefined()
    }
    for (const chunk of chunks.slice(0, 50)) expect(await verifyChunkCid(chunk.text, chunk.chunkCid)).toBe(true)
    for (const doc of docs) {
      const own = chunks.filter((c) => c.path === doc.path)
      expect(own.length).toBeGreaterThan(0)
      if (own.length > 1) own.forEach((c) => { expect(c.text.length).toBeGreaterThanOrEqual(DEFAULT_CHUNK_OPTIONS.minChunkChars) })
      const bytes = Buffer.from(doc.text)
      const covered = new Uint8Array(bytes.length)
      own.forEach((c) => covered.fill(1, c.byteStart, c.byteEnd))
      const body = Number(doc.metadata.frontMatterBytes ?? 0)
      // what no chunk covers is markup only (a <meta> line): nothing readable is lost
      const missed = Buffer.from([...bytes.subarray(body)].map((byte, i) => covered[body + i] === 0 ? byte : 0x20)).toString('utf8')
      expect(readableText(missed, { markup: true, wrapped: true }), doc.path).toBe('')
    }
  })

  it('keeps heading paths and ignores # lines inside code fences (hardhat.md)', () => {
    const own = chunks.filter((c) => c.path === 'smart-contracts/developing-contracts/hardhat.md')
    const paths = [...new Set(own.map((c) => JSON.stringify(c.headings)))].map((p) => JSON.parse(p))
    expect(paths).toEqual([
      ['Hardhat'],
      ['Hardhat', 'Quickstart'],
      ['Hardhat', 'Quickstart', 'Prerequisites'],
      ['Hardhat', 'Quickstart', 'Environment setup'],
      ['Hardhat', 'Quickstart', 'Manage the contracts'],
      ['Hardhat', 'Hardhat docs']
    ])
    expect(own.some((c) => c.text.includes("# Cloning into 'fevm-hardhat-kit'") && c.headings?.at(-1) === 'Environment setup')).toBe(true)
    expect(own[0]?.text.startsWith('# Hardhat\n')).toBe(true)
  })

  it('strips markdown emphasis from headings (faqs.md)', () => {
    const own = chunks.filter((c) => c.path === 'smart-contracts/fundamentals/faqs.md')
    expect(own.find((c) => c.text.startsWith('## **What is FVM**'))?.headings).toEqual(['FAQs', 'What is FVM'])
  })
})

describe('chunkDocuments splitting', () => {
  const paragraph = (i: number): string => `Paragraph ${i} opens here. It talks about storage deals and retrieval markets in some detail. ` +
    `Providers seal sectors, then prove them every day! Does that cost gas? It does, on every proof (${i}).`

  it('splits long text at paragraph boundaries with bounded overlap', async () => {
    const doc = await makeDoc(Array.from({ length: 12 }, (_, i) => paragraph(i)).join('\n\n'))
    const chunks = await collect([doc], { chunkSize: 500, chunkOverlap: 80 })
    expect(chunks.length).toBeGreaterThan(4)
    const bytes = Buffer.from(doc.text)
    for (const [i, chunk] of chunks.entries()) {
      expectInvariant(doc, chunk, 500)
      expect(chunk.headings).toBeUndefined()
      const next = chunks[i + 1]
      if (next == null) break
      expect(next.byteStart).toBeGreaterThan(chunk.byteStart)
      expect(next.byteStart).toBeLessThan(chunk.byteEnd)
      const overlap = bytes.subarray(next.byteStart, chunk.byteEnd).toString()
      expect(overlap.length).toBeLessThanOrEqual(80)
      expect(chunk.text.endsWith(overlap) && next.text.startsWith(overlap)).toBe(true)
      expect(overlap).toMatch(/^(It|Providers|Does|It does)\b/)
      expect(chunk.text).toMatch(/\)\.$/)
    }
    expect(chunks.at(-1)?.text.endsWith('(11).')).toBe(true)
  })

  it('falls back to sentence, word and hard cuts', async () => {
    const sentences = await makeDoc(paragraph(1).repeat(6))
    for (const chunk of await collect([sentences], { chunkSize: 150, chunkOverlap: 30 })) {
      expectInvariant(sentences, chunk, 150)
      expect(chunk.text).toMatch(/[.!?]$/)
    }
    const words = await makeDoc('word '.repeat(300))
    for (const chunk of await collect([words], { chunkSize: 100, chunkOverlap: 20 })) {
      expectInvariant(words, chunk, 100)
      expect(chunk.text).toMatch(/^word( word)*$/)
    }
    const blob = await makeDoc('x'.repeat(2500))
    const hard = await collect([blob])
    expect(hard.map((c) => c.text.length)).toEqual([1000, 1000, 500])
  })

  it('keeps byte offsets exact in unicode-heavy text (emoji, CJK, accents)', async () => {
    const text = [
      'Filecoin 是一个去中心化的存储网络。存储提供者通过复制证明和时空证明来证明他们存储了数据！'.repeat(3),
      '👩‍👩‍👧‍👦🚀💾🔗 emoji 🧪 test — café, naïve, Ωμέγα, עברית, العربية 😀'.repeat(4),
      '日本語のテキストも含まれています。かな漢字混じりの文章です？'.repeat(3)
    ].join('\n\n')
    const doc = await makeDoc(text)
    for (const options of [{ chunkSize: 50, chunkOverlap: 10 }, { chunkSize: 37, chunkOverlap: 5 }, { chunkSize: 200, chunkOverlap: 40 }]) {
      const chunks = await collect([doc], { ...options, minChunkChars: 0 })
      expect(chunks.length).toBeGreaterThan(2)
      chunks.forEach((chunk) => { expectInvariant(doc, chunk, options.chunkSize) })
      expect(chunks.some((c) => Buffer.byteLength(c.text) > c.text.length * 2)).toBe(true)
    }
  })

  it('chunks paged documents page by page', async () => {
    const pages = ['Première page: résumé 📄 of the declassified record.', 'x', paragraph(2).repeat(4), '']
    let text = ''
    const ranges = pages.map((body, i) => {
      text += `## Page ${i + 1}\n`
      const byteStart = Buffer.byteLength(text)
      text += `${body}\n\n`
      return { number: i + 1, byteStart, byteEnd: Buffer.byteLength(text) }
    })
    const doc = await makeDoc(text, { pages: ranges, mediaType: 'text/markdown', path: 'jfk/104-10004.md' })
    const chunks = await collect([doc], { chunkSize: 300, chunkOverlap: 50 })
    expect([...new Set(chunks.map((c) => c.page))]).toEqual([1, 3])
    for (const chunk of chunks) {
      expectInvariant(doc, chunk, 300)
      const page = ranges.find((r) => r.number === chunk.page)
      expect(chunk.byteStart).toBeGreaterThanOrEqual(page?.byteStart ?? Infinity)
      expect(chunk.byteEnd).toBeLessThanOrEqual(page?.byteEnd ?? -1)
      expect(chunk.headings).toBeUndefined()
      expect(chunk.text).not.toContain('## Page')
    }
    expect(chunks[0]?.text).toBe(pages[0])
  })
})

describe('chunkDocuments markdown', () => {
  it('skips front matter, nests headings and merges heading-only sections', async () => {
    const text = [
      '---', 'title: Démarrage 🚀', 'description: front matter with # not-a-heading', '---', '',
      '# Getting started', '', '## Install', '', '### From source', '',
      'Clone the repository, then run `make install` to build every binary from source.', '',
      '~~~sh', '# not a heading either', 'make', '~~~', '',
      '## Configure ##', '', 'Edit the configuration file and set the listen address for the API.', '',
      '## 入门 🚀', '', 'Short tail.'
    ].join('\n')
    const doc = await markdownDoc(text, 'guide.md')
    const chunks = await collect([doc])
    chunks.forEach((chunk) => { expectInvariant(doc, chunk) })
    expect(chunks.map((c) => c.headings)).toEqual([['Getting started', 'Install', 'From source'], ['Getting started', 'Configure']])
    expect(chunks[0]?.text.startsWith('# Getting started\n\n## Install\n\n### From source')).toBe(true)
    expect(chunks[0]?.text).toContain('# not a heading either')
    expect(chunks[1]?.text.endsWith('## 入门 🚀\n\nShort tail.')).toBe(true)
    expect(chunks[0]?.byteStart).toBe(Number(doc.metadata.frontMatterBytes) + 1)
  })

  it('sections at setext headings and at headings after a fence a shorter or other fence does not close', async () => {
    const body = 'A sentence long enough to make a section of its own, more than forty characters.'
    const text = ['Overview', '========', '', body, '', '````md', '```', '# Not a heading', '````', '', 'Usage', '-----', '', body,
      '', '    ```', '# Indented four: not a fence, so this is a heading', '', body].join('\n')
    const chunks = await collect([await markdownDoc(text, 'setext.md')])
    expect(chunks.map((c) => c.headings)).toEqual([['Overview'], ['Overview', 'Usage'], ['Indented four: not a fence, so this is a heading']])
    expect(chunks[0]?.text).toContain('# Not a heading')
  })

  it('keeps a short document whole and emits nothing for blank ones', async () => {
    const tiny = await markdownDoc('# Nodes\n', 'nodes.md')
    expect((await collect([tiny])).map((c) => [c.text, c.headings])).toEqual([['# Nodes', ['Nodes']]])
    expect(await collect([await makeDoc(' \n\n\t ')])).toEqual([])
  })
})

describe('chunkDocuments options', () => {
  it('accepts async iterables and keeps document order', async () => {
    const a = await makeDoc('First document, long enough to be kept as a chunk.', { path: 'a.txt' })
    const b = await makeDoc('Second document, also long enough to be kept whole.', { path: 'b.txt' })
    async function * stream (): AsyncGenerator<Document> { yield a; yield b }
    const chunks: Chunk[] = []
    for await (const chunk of chunkDocuments(stream())) chunks.push(chunk)
    expect(chunks.map((c) => c.path)).toEqual(['a.txt', 'b.txt'])
  })

  it('stops when the signal aborts and rejects invalid sizes', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(collect([await makeDoc('Some text that would be chunked if not aborted.')], { signal: controller.signal }))
      .rejects.toMatchObject({ name: 'AbortError' })
    await expect(collect([], { chunkSize: 100, chunkOverlap: 100 })).rejects.toThrow(RangeError)
    await expect(collect([], { chunkSize: 0 })).rejects.toThrow(RangeError)
  })
})

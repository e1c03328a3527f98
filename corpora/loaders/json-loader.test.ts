import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it, expect } from 'vitest'
import { jsonLoader } from './json-loader.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SHARED = process.env.QUARRY_SHARED ?? path.resolve(ROOT, '../shared')
const hasShared = existsSync(SHARED)
if (!hasShared) console.warn(`json-loader: skipping shared-data tests, ${SHARED} not found (set QUARRY_SHARED)`)

const enc = new TextEncoder()

describe('jsonLoader', () => {
  it('loads each element of a JSON array, picking text, title and id fields', async () => {
    const records = [
      { id: 7, title: 'Storage', text: 'Deals are made.', lang: 'en', stars: 4, draft: false, tags: ['x'], nested: { a: 1 } },
      { docid: 'd-2', name: 'Retrieval', body: 'Bytes come back.' },
      { content: 'No title, no id.' },
      { title: 'Only a title' },
      'a bare string',
      { abstract: '', contents: 'skipped: abstract is empty and comes first' }
    ]
    const docs = await jsonLoader.load(enc.encode(JSON.stringify(records)), 'data/set.json')
    expect(docs).toEqual([
      { path: 'data/set.json#7', title: 'Storage', mediaType: 'application/json', text: 'Storage\n\nDeals are made.', metadata: { lang: 'en', stars: 4, draft: false } },
      { path: 'data/set.json#d-2', title: 'Retrieval', mediaType: 'application/json', text: 'Retrieval\n\nBytes come back.', metadata: {} },
      { path: 'data/set.json#2', title: 'set#2', mediaType: 'application/json', text: 'No title, no id.', metadata: {} }
    ])
  })

  it('loads a single object as one record and JSONL line by line', async () => {
    const [one] = await jsonLoader.load(enc.encode('\uFEFF{"_id":"a","text":"hello"}'), 'one.json')
    expect(one?.path).toBe('one.json#a')
    const jsonl = '{"_id":"x1","title":"T1","text":"B1"}\n\n{"text":"no id"}\r\n'
    const docs = await jsonLoader.load(enc.encode(jsonl), 'c.JSONL')
    expect(docs.map(d => [d.path, d.text, d.mediaType])).toEqual([
      ['c.JSONL#x1', 'T1\n\nB1', 'application/x-ndjson'],
      ['c.JSONL#1', 'no id', 'application/x-ndjson']
    ])
  })

  it('throws CorpusLoadError naming the file and line of a malformed JSONL line', async () => {
    const jsonl = '{"_id":"1","text":"ok"}\n\n{"_id":"2","text": oops}\n'
    const err = await jsonLoader.load(enc.encode(jsonl), 'bad.ndjson').catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'CorpusLoadError', code: 'ERR_CORPUS_LOAD', path: 'bad.ndjson', line: 3 })
    expect((err as Error).message).toMatch(/line 3 of bad\.ndjson/)
    await expect(jsonLoader.load(enc.encode('[{"text": 1,'), 'bad.json')).rejects.toMatchObject({ name: 'CorpusLoadError', path: 'bad.json' })
  })
})

describe.skipIf(!hasShared)('jsonLoader on BEIR SciFact', () => {
  it('loads the first 100 corpus.jsonl records with ids from `_id`', async () => {
    const lines = readFileSync(path.join(SHARED, 'beir/scifact/corpus.jsonl'), 'utf8').split('\n').slice(0, 100)
    const records = lines.map(line => JSON.parse(line) as { _id: string, title: string, text: string })
    const docs = await jsonLoader.load(enc.encode(lines.join('\n')), 'scifact/corpus.jsonl')
    expect(docs).toHaveLength(100)
    docs.forEach((doc, i) => {
      const record = records[i]
      expect(doc.path).toBe(`scifact/corpus.jsonl#${record?._id}`)
      expect(doc.title).toBe(record?.title.trim())
      expect(doc.text).toBe(`${record?.title.trim()}\n\n${record?.text}`)
      expect(doc.metadata).not.toHaveProperty('_id')
    })
    expect(docs[0]?.path).toBe('scifact/corpus.jsonl#4983')
  })
})

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, it, expect } from 'vitest'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { beirCorpusName, beirDocId, importBeirCorpus, serializeBeirCorpus } from './beir-corpus.js'
import { loadBeirDataset } from './beir-dataset.js'

const CORPUS = [
  { _id: 'd1', title: 'Cats', text: 'Cats purr when they are content.' },
  { _id: '22', title: '', text: 'Dogs bark at strangers and wag their tails.' },
  { _id: 'd3', title: 'Ünïcode', text: 'Café crème — naïve façade.' }
]

describe('importBeirCorpus', () => {
  let dir: string
  let folder: string
  const sessions: QuarrySession[] = []
  const open = async (name: string): Promise<QuarrySession> => {
    const s = await openQuarrySession({ home: path.join(dir, name) })
    sessions.push(s)
    return s
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'quarry-beir-corpus-'))
    folder = path.join(dir, 'tiny')
    await mkdir(path.join(folder, 'qrels'), { recursive: true })
    await writeFile(path.join(folder, 'corpus.jsonl'), CORPUS.map(r => JSON.stringify(r)).join('\n') + '\n')
    await writeFile(path.join(folder, 'queries.jsonl'), '{"_id": "q1", "text": "Which animal purrs?"}\n')
    await writeFile(path.join(folder, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t1\n')
  })
  afterAll(async () => {
    for (const s of sessions) await s.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('imports only corpus.jsonl from a BEIR folder, one document per record, with the same CID every time', async () => {
    const a = await open('a')
    const entry = await importBeirCorpus(a.corpora, folder)
    expect(entry).toMatchObject({ name: 'beir-tiny', files: 1, documents: 3 })
    const { cid } = await a.corpora.resolve(entry.name)
    const files: string[] = []
    for await (const f of a.corpora.files(cid)) files.push(f.path)
    expect(files).toEqual(['corpus.jsonl'])
    const paths: string[] = []
    for await (const doc of a.corpora.documents(cid)) paths.push(doc.path)
    expect(paths).toEqual(['corpus.jsonl#d1', 'corpus.jsonl#22', 'corpus.jsonl#d3'])

    // another home, the corpus.jsonl path given directly, another name: same bytes, same CID
    const b = await open('b')
    const again = await importBeirCorpus(b.corpora, path.join(folder, 'corpus.jsonl'), { name: 'other' })
    expect(again.name).toBe('other')
    expect(again.cid).toBe(entry.cid)
  })

  it('writes a loaded dataset canonically, so equal documents give equal CIDs', async () => {
    const dataset = await loadBeirDataset(folder)
    const text = serializeBeirCorpus(dataset.corpus)
    expect(text.split('\n')).toHaveLength(4)
    expect(JSON.parse(text.split('\n')[1] ?? '')).toEqual({ _id: '22', title: '', text: CORPUS[1]?.text })
    const c = await open('c')
    const first = await importBeirCorpus(c.corpora, dataset)
    const second = await importBeirCorpus(c.corpora, { ...dataset, corpus: new Map(dataset.corpus) })
    expect(first).toMatchObject({ name: 'beir-tiny', documents: 3 })
    expect(second.cid).toBe(first.cid)
  })

  it('stops when aborted', async () => {
    const c = await open('d')
    await expect(importBeirCorpus(c.corpora, folder, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
  })
})

describe('beirDocId and beirCorpusName', () => {
  it('maps chunk paths of corpus.jsonl records to BEIR ids and nothing else', () => {
    expect(beirDocId('corpus.jsonl#31715818')).toBe('31715818')
    expect(beirDocId('./corpus.jsonl#a#b')).toBe('a#b')
    expect(beirDocId('docs/page.md')).toBeUndefined()
    expect(beirDocId('other.jsonl#1')).toBeUndefined()
  })
  it('makes a valid registry name', () => {
    expect(beirCorpusName('scifact')).toBe('beir-scifact')
    expect(beirCorpusName('my data (v2)')).toBe('beir-my-data-v2-')
    expect(beirCorpusName('***')).toBe('beir-dataset')
  })
})

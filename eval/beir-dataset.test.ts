import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, it, expect } from 'vitest'
import { loadBeirDataset } from './beir-dataset.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const shared = process.env.QUARRY_SHARED ?? path.resolve(root, '../shared')
const scifact = path.join(shared, 'beir', 'scifact')
const haveScifact = existsSync(path.join(scifact, 'corpus.jsonl'))
if (!haveScifact) console.warn(`skipping SciFact tests: ${scifact} not found (set QUARRY_SHARED)`)

describe.skipIf(!haveScifact)('loadBeirDataset on SciFact', () => {
  it('loads the 300 test queries, their 339 qrels and the 5,183-document corpus', async () => {
    const ds = await loadBeirDataset(scifact)
    expect(ds.name).toBe('scifact')
    expect(ds.split).toBe('test')
    expect(ds.queries).toHaveLength(300)
    expect(ds.qrels.size).toBe(300)
    expect([...ds.qrels.values()].reduce((n, q) => n + Object.keys(q).length, 0)).toBe(339)
    expect(ds.corpus.size).toBe(5183)
    // first line of qrels/test.tsv: 1	31715818	1
    expect(ds.qrels.get('1')).toEqual({ 31715818: 1 })
    expect(ds.queries[0]?.id).toBe('1')
    expect(ds.queries[0]?.text).toMatch(/\S/)
    expect(ds.corpus.get('4983')?.title).toMatch(/^Microstructural development of human newborn/)
    for (const q of ds.queries) {
      for (const doc of Object.keys(ds.qrels.get(q.id) ?? {})) expect(ds.corpus.has(doc)).toBe(true)
    }
  })

  it('keeps the first N judged queries with limit, and reads another split', async () => {
    const ds = await loadBeirDataset(scifact, { limit: 5 })
    expect(ds.queries.map(q => q.id)).toHaveLength(5)
    expect([...ds.qrels.keys()]).toEqual(ds.queries.map(q => q.id))
    const train = await loadBeirDataset(scifact, { split: 'train', limit: 3 })
    expect(train.split).toBe('train')
    expect(train.queries[0]?.id).toBe('0')
  })
})

describe('loadBeirDataset errors', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'quarry-beir-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  async function fixture (name: string, files: Record<string, string>): Promise<string> {
    const folder = path.join(dir, name)
    await mkdir(path.join(folder, 'qrels'), { recursive: true })
    for (const [file, text] of Object.entries(files)) await writeFile(path.join(folder, file), text)
    return folder
  }
  const corpus = '{"_id": "d1", "title": "T", "text": "x"}\n{"_id": 2, "text": "y"}\n'
  const queries = '{"_id": "q1", "text": "a?"}\n{"_id": "q2", "text": "b?"}\n{"_id": "q3", "text": "c?"}\n'

  it('loads a small dataset, CRLF, numeric ids and grades included', async () => {
    const folder = await fixture('ok', {
      'corpus.jsonl': corpus,
      'queries.jsonl': queries,
      'qrels/test.tsv': 'query-id\tcorpus-id\tscore\r\nq2\td1\t2\r\nq2\t2\t0\r\nq9\td1\t1\r\n'
    })
    const ds = await loadBeirDataset(folder)
    expect(ds.queries).toEqual([{ id: 'q2', text: 'b?' }])
    expect(ds.qrels.get('q2')).toEqual({ d1: 2, 2: 0 })
    expect(ds.corpus.get('2')).toEqual({ title: '', text: 'y' })
  })

  it('names the missing file', async () => {
    const folder = await fixture('missing', { 'corpus.jsonl': corpus, 'queries.jsonl': queries })
    await expect(loadBeirDataset(folder)).rejects.toMatchObject({
      name: 'EvalDatasetError',
      code: 'ERR_EVAL_DATASET',
      message: expect.stringContaining(path.join('qrels', 'test.tsv'))
    })
  })

  it('names the bad qrels line', async () => {
    const folder = await fixture('badqrels', {
      'corpus.jsonl': corpus,
      'queries.jsonl': queries,
      'qrels/test.tsv': 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td1\tyes\n'
    })
    await expect(loadBeirDataset(folder)).rejects.toMatchObject({
      name: 'EvalDatasetError',
      message: expect.stringContaining('test.tsv:3')
    })
  })

  it('names the bad JSON line', async () => {
    const folder = await fixture('badjson', {
      'corpus.jsonl': '{"_id": "d1", "text": "x"}\n\n{"_id": "d2", "text": \n',
      'queries.jsonl': queries,
      'qrels/test.tsv': 'q1\td1\t1\n'
    })
    await expect(loadBeirDataset(folder)).rejects.toMatchObject({
      name: 'EvalDatasetError',
      message: expect.stringMatching(/corpus\.jsonl:3: not valid JSON/)
    })
  })

  it('rejects a record without _id or text', async () => {
    const folder = await fixture('noid', {
      'corpus.jsonl': corpus,
      'queries.jsonl': '{"text": "a?"}\n',
      'qrels/test.tsv': 'q1\td1\t1\n'
    })
    await expect(loadBeirDataset(folder)).rejects.toThrow(/queries\.jsonl:1: missing "_id"/)
  })

  it('stops when aborted', async () => {
    const folder = await fixture('abort', { 'corpus.jsonl': corpus, 'queries.jsonl': queries, 'qrels/test.tsv': 'q1\td1\t1\n' })
    await expect(loadBeirDataset(folder, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
  })
})

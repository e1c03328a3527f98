import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, it, expect } from 'vitest'
import { loadQaDataset } from './qa-dataset.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const shared = process.env.QUARRY_SHARED ?? path.resolve(root, '../shared')
const faq = path.join(shared, 'eval', 'filecoin-docs-faq-dev.jsonl')
const haveFaq = existsSync(faq)
if (!haveFaq) console.warn(`skipping FAQ dataset test: ${faq} not found (set QUARRY_SHARED)`)

describe.skipIf(!haveFaq)('loadQaDataset on the Filecoin docs FAQ set', () => {
  it('loads 37 samples with ids, answers and relevant paths', async () => {
    const ds = await loadQaDataset(faq)
    expect(ds.name).toBe('filecoin-docs-faq-dev')
    expect(ds.samples).toHaveLength(37)
    expect(ds.samples[0]).toMatchObject({
      id: 'smart-contracts/fundamentals/faqs.md#28',
      question: 'What is FVM',
      relevant: ['smart-contracts/fundamentals/faqs.md'],
      extra: {}
    })
    expect(ds.samples.every(s => s.answer !== undefined && s.relevant.length > 0)).toBe(true)
    expect((await loadQaDataset(faq, { limit: 4 })).samples).toHaveLength(4)
  })
})

describe('loadQaDataset', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'quarry-qa-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  async function file (name: string, text: string): Promise<string> {
    const f = path.join(dir, name)
    await writeFile(f, text)
    return f
  }

  it('tolerates extra fields, missing ids, answers and relevant lists', async () => {
    const f = await file('ok.jsonl', [
      '{"question": "Q1?", "relevant": ["a.md"], "tags": ["x"]}',
      '',
      '{"id": 7, "question": "Q2?", "answer": "A2"}'
    ].join('\r\n'))
    const ds = await loadQaDataset(f)
    expect(ds.samples).toEqual([
      { id: 'line-1', question: 'Q1?', relevant: ['a.md'], extra: { tags: ['x'] } },
      { id: '7', question: 'Q2?', answer: 'A2', relevant: [], extra: {} }
    ])
  })

  it('reads multi-turn samples: the last turn is the question, the earlier ones its history', async () => {
    const f = await file('turns.jsonl', '{"id": "fu-1", "turns": [{"question": "What is wrapped FIL?"}, {"question": "What is its address?"}], "relevant": ["w.md"], "kind": "followup"}\n')
    const ds = await loadQaDataset(f)
    expect(ds.samples).toEqual([
      { id: 'fu-1', question: 'What is its address?', history: [{ question: 'What is wrapped FIL?' }], relevant: ['w.md'], extra: { kind: 'followup' } }
    ])
  })

  it.each([
    ['bad turns', '{"turns": [{"question": ""}]}', /"turns" must be a non-empty array/],
    ['bad JSON', '{"question": "x"', /bad\.jsonl:1: not valid JSON/],
    ['no question', '{"answer": "x"}', /"question" must be a non-empty string/],
    ['relevant not a list', '{"question": "x", "relevant": "a.md"}', /"relevant" must be an array of strings/],
    ['answer not a string', '{"question": "x", "answer": 3}', /"answer" must be a string/],
    ['not an object', '["x"]', /expected a JSON object/],
    ['duplicate id', '{"id": "a", "question": "x"}\n{"id": "a", "question": "y"}', /bad\.jsonl:2: duplicate id "a"/],
    ['no records', '\n\n', /no records/]
  ])('names the file and line for %s', async (_label, text, message) => {
    const f = await file('bad.jsonl', text)
    await expect(loadQaDataset(f)).rejects.toMatchObject({ name: 'EvalDatasetError', code: 'ERR_EVAL_DATASET', message: expect.stringMatching(message) })
  })

  it('names a missing file', async () => {
    await expect(loadQaDataset(path.join(dir, 'nope.jsonl'))).rejects.toMatchObject({
      name: 'EvalDatasetError',
      message: expect.stringContaining('nope.jsonl')
    })
  })
})

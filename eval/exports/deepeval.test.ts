import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import { toDeepevalJson, toDeepevalTestCase } from './deepeval.js'
import type { AnswerRecord } from '../../agent/index.js'

const record = JSON.parse(readFileSync(new URL('./answer-record.fixture.json', import.meta.url), 'utf8')) as AnswerRecord

describe('toDeepevalTestCase', () => {
  const sample = { id: 'faqs.md#28', question: 'What is FVM', answer: 'A WASM runtime.' }

  it('fills the LLMTestCase fields and keeps the CIDs as metadata', () => {
    const tc = toDeepevalTestCase(record, sample, { context: ['gold passage'] })
    expect(tc).toMatchObject({
      input: 'What is FVM',
      actual_output: record.answer,
      expected_output: 'A WASM runtime.',
      retrieval_context: record.contexts.map(c => c.text),
      context: ['gold passage'],
      name: 'faqs.md#28',
      completion_time: 1.5
    })
    expect(tc.additional_metadata).toMatchObject({ corpusCid: 'bafybeicorpus', indexCid: 'bafyreiindex', mode: 'extractive', abstained: false })
    expect(tc.additional_metadata.citations[1]).toEqual({ n: 2, path: './basics/what-is-filecoin.md', docCid: 'bafkreidoc2', chunkCid: 'bafkreichunk2' })
  })

  it('omits what it does not know', () => {
    const tc = toDeepevalTestCase(record)
    expect(tc.input).toBe(record.question)
    expect('expected_output' in tc || 'context' in tc || 'name' in tc).toBe(false)
  })

  it('writes a JSON list', () => {
    const parsed = JSON.parse(toDeepevalJson([toDeepevalTestCase(record, sample)]))
    expect(Array.isArray(parsed)).toBe(true)
    expect(parsed[0].input).toBe('What is FVM')
  })

  it('exports an abstention with an empty actual_output and abstained: true', () => {
    const tc = toDeepevalTestCase({ ...record, abstained: true, answer: 'Not found in this corpus.', citations: [] }, sample)
    expect(tc.actual_output).toBe('')
    expect(tc.additional_metadata.abstained).toBe(true)
  })
})

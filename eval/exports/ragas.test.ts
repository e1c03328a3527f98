import { readFileSync } from 'node:fs'
import { describe, it, expect } from 'vitest'
import { toRagasJsonl, toRagasSample } from './ragas.js'
import type { AnswerRecord } from '../../agent/index.js'

const record = JSON.parse(readFileSync(new URL('./answer-record.fixture.json', import.meta.url), 'utf8')) as AnswerRecord

describe('toRagasSample', () => {
  const sample = { question: 'What is FVM', answer: 'The FVM enables developers to write custom code.' }

  it('fills user_input, retrieved_contexts, response (markers removed) and reference', () => {
    expect(toRagasSample(record, sample)).toEqual({
      user_input: 'What is FVM',
      retrieved_contexts: ['The FVM (Filecoin virtual machine) enables developers to write and deploy custom code.', 'Filecoin is a peer-to-peer network that stores files.'],
      response: 'The FVM enables developers to write and deploy custom code. It runs on Filecoin.',
      reference: 'The FVM enables developers to write custom code.'
    })
  })

  it('keeps markers on request and omits reference without a reference answer', () => {
    const s = toRagasSample(record, undefined, { stripCitations: false })
    expect(s.response).toBe(record.answer)
    expect(s.user_input).toBe(record.question)
    expect('reference' in s).toBe(false)
  })

  it('writes JSON Lines', () => {
    const jsonl = toRagasJsonl([toRagasSample(record, sample), toRagasSample(record)])
    const lines = jsonl.split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe('')
    expect(Object.keys(JSON.parse(lines[0] ?? '{}'))).toEqual(['user_input', 'retrieved_contexts', 'response', 'reference'])
  })

  it('exports an abstention with an empty response, not as an answer', () => {
    const abstained = { ...record, abstained: true, answer: 'Not found in this corpus.', citations: [] }
    expect(toRagasSample(abstained, sample).response).toBe('')
  })
})

import { describe, it, expect } from 'vitest'
import { NOT_FOUND_ANSWER, abstention, citeSpan, closestSources, renderAnswer, utf8Length } from './draft.js'
import { makeResult } from './test-fixtures/filecoin-results.js'

describe('draft helpers', () => {
  it('cites a span with UTF-8 byte offsets inside the document', async () => {
    const text = 'Humanity’s data — stored. Deals cost FIL.'
    const result = await makeResult(text, { byteStart: 100 })
    const start = text.indexOf('Deals')
    const c = citeSpan(result, 2, start, text.length)
    const docBytes = Buffer.concat([Buffer.alloc(100, 0x20), Buffer.from(text)])
    expect(c.quote).toBe('Deals cost FIL.')
    expect(docBytes.subarray(c.byteStart, c.byteEnd).toString()).toBe(c.quote)
    expect([c.n, c.chunkByteStart, c.chunkByteEnd, c.chunkCid]).toEqual([2, 100, 100 + utf8Length(text), result.chunk.chunkCid.toString()])
  })

  it('abstains with the first prose sentence of the top three results as closest sources', async () => {
    const results = await Promise.all(['# Title\n\nShort.\n\nThis is the first real sentence here. More.', 'Second passage has a sentence.', 'Third one is also here.', 'Fourth is left out.'].map(async (t, i) => makeResult(t, { rank: i + 1 })))
    const sources = closestSources(results)
    expect(sources.map(s => [s.n, s.quote])).toEqual([[1, 'This is the first real sentence here.'], [2, 'Second passage has a sentence.'], [3, 'Third one is also here.']])
    const draft = abstention(results, 'none', 'citations-rejected', [{ text: 'x', reason: 'no citation' }])
    expect(draft).toMatchObject({ answer: NOT_FOUND_ANSWER, abstained: true, abstainedBecause: 'citations-rejected', sentences: [], citations: [], rejected: [{ text: 'x', reason: 'no citation' }], llm: 'none' })
    // with no passage at all, that is the reason, whatever the caller's
    expect(abstention([], 'none', 'low-answerability').abstainedBecause).toBe('nothing-retrieved')
  })

  it('renders sentences with their markers', () => {
    expect(renderAnswer([{ text: 'A.', citations: [1] }, { text: 'B.', citations: [2, 3] }])).toBe('A. [1] B. [2][3]')
  })
})

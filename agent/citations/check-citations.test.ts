import { describe, it, expect, beforeAll } from 'vitest'
import { BAD_OFFSETS, CID_MISMATCH, NOT_RETRIEVED, UNSUPPORTED, NO_CITATION, QUOTE_NOT_FOUND, checkCitations, citationProblem } from './check-citations.js'
import { NOT_FOUND_ANSWER, citeSpan, renderAnswer } from '../draft.js'
import { HAS_FILECOIN_DOCS, createChunkSearch, loadFilecoinChunks, makeResult } from '../test-fixtures/filecoin-results.js'
import type { Citation } from '../answer-record.js'
import type { Draft } from '../draft.js'
import type { SearchResult } from '../../indexes/index.js'

/** Cite the first occurrence of `quote` in result `r` */
function cite (r: SearchResult, n: number, quote: string): Citation {
  const at = r.chunk.text.indexOf(quote)
  if (at === -1) throw new Error(`not in chunk: ${quote}`)
  return citeSpan(r, n, at, at + quote.length)
}

function draftOf (sentences: Draft['sentences'], citations: Citation[]): Draft {
  return { answer: renderAnswer(sentences), sentences, citations, rejected: [], abstained: false, llm: 'test' }
}

describe.skipIf(!HAS_FILECOIN_DOCS)('checkCitations on real Filecoin docs chunks', () => {
  let results: SearchResult[] = []
  let other: SearchResult | undefined

  beforeAll(async () => {
    const search = createChunkSearch(await loadFilecoinChunks())
    results = search('What are sectors and storage deals?', 4)
    other = search('What is datacap?', 10).find(r => !results.some(x => x.chunk.chunkCid.equals(r.chunk.chunkCid)))
    expect(results.length).toBe(4)
    expect(other).toBeDefined()
  })

  it('keeps valid citations, rejects the rest with a reason and renumbers densely', async () => {
    const [r1, r2, r3] = results
    if (r1 === undefined || r2 === undefined || r3 === undefined || other === undefined) throw new Error('fixture')
    const q1 = r1.chunk.text.slice(0, 40)
    const q3 = r3.chunk.text.slice(-30)
    const citations = [
      cite(r1, 1, q1),
      cite(other, 2, other.chunk.text.slice(0, 20)), // not retrieved
      { ...cite(r2, 3, r2.chunk.text.slice(0, 20)), quote: 'Sectors are made of cheese.' }, // misquoted
      cite(r3, 4, q3)
    ]
    // the kept sentences restate their quotes, so the support check passes them
    const first = q1.replace(/\s+/g, ' ')
    const mixed = q3.replace(/\s+/g, ' ')
    const draft = draftOf([
      { text: first, citations: [1] },
      { text: 'Made-up source.', citations: [2] },
      { text: 'Misquote.', citations: [3] },
      { text: 'Unmarked.', citations: [] },
      { text: 'Invented number.', citations: [9] },
      { text: mixed, citations: [3, 4] }
    ], citations)
    const frozen = structuredClone(draft)
    const checked = await checkCitations(draft, results)

    expect(draft).toEqual(frozen)
    expect(checked.abstained).toBe(false)
    expect(checked.sentences.map(s => ({ text: s.text, citations: s.citations }))).toEqual([{ text: first, citations: [1] }, { text: mixed, citations: [2] }])
    expect(checked.sentences.every(s => s.support === 'supported' || s.support === 'partly')).toBe(true)
    expect(checked.citations.map(c => [c.n, c.quote])).toEqual([[1, q1], [2, q3]])
    expect(checked.answer).toBe(`${first} [1] ${mixed} [2]`)
    expect(checked.rejected).toEqual([
      { text: 'Made-up source.', reason: NOT_RETRIEVED },
      { text: 'Misquote.', reason: QUOTE_NOT_FOUND },
      { text: 'Unmarked.', reason: NO_CITATION },
      { text: 'Invented number.', reason: NOT_RETRIEVED }
    ])
    expect(await checkCitations(draft, results)).toEqual(checked)
  })

  it('rejects a sentence its quote does not support, naming the reason', async () => {
    const r1 = results[0]
    if (r1 === undefined) throw new Error('fixture')
    const sentence = r1.chunk.text.split(/(?<=\.)\s/).find(x => /\b(is|are)\b/.test(x) && !/\bnot\b/.test(x))
    if (sentence === undefined) throw new Error('fixture: no sentence with is/are')
    const negated = sentence.replace(/\b(is|are)\b/, '$1 not').replace(/\s+/g, ' ')
    const checked = await checkCitations(draftOf([{ text: negated, citations: [1] }], [cite(r1, 1, sentence)]), results)
    expect(checked.abstained).toBe(true)
    expect(checked.abstainedBecause).toBe('citations-rejected')
    expect(checked.rejected).toHaveLength(1)
    expect(checked.rejected[0]?.reason).toMatch(new RegExp(`^${UNSUPPORTED}: negation mismatch`))
  })

  it('checks byte offsets and re-hashes the chunk', async () => {
    const r1 = results[0]
    if (r1 === undefined) throw new Error('fixture')
    const good = cite(r1, 1, r1.chunk.text.slice(10, 50))
    expect(await citationProblem(good, results)).toBeUndefined()
    expect(await citationProblem({ ...good, byteStart: good.byteStart + 1, byteEnd: good.byteEnd + 1 }, results)).toBe(BAD_OFFSETS)
    expect(await citationProblem({ ...good, chunkByteEnd: good.chunkByteEnd + 1 }, results)).toBe(BAD_OFFSETS)
    expect(await citationProblem({ ...good, docCid: results[1]?.chunk.chunkCid.toString() ?? '' }, results)).toBe(NOT_RETRIEVED)
    const tampered: SearchResult = { ...r1, chunk: { ...r1.chunk, text: `${r1.chunk.text} (edited)` } }
    expect(await citationProblem(good, [tampered])).toBe(CID_MISMATCH)
  })

  it('turns a draft with no surviving sentence into an abstention with closest sources', async () => {
    const r1 = results[0]
    if (r1 === undefined) throw new Error('fixture')
    const draft = draftOf([{ text: 'Only claim.', citations: [1] }], [{ ...cite(r1, 1, r1.chunk.text.slice(0, 30)), quote: 'not there at all' }])
    const checked = await checkCitations(draft, results)
    expect(checked).toMatchObject({ answer: NOT_FOUND_ANSWER, abstained: true, sentences: [], citations: [], rejected: [{ text: 'Only claim.', reason: QUOTE_NOT_FOUND }], llm: 'test' })
    expect(checked.closestSources?.map(c => c.chunkCid)).toEqual(results.slice(0, 3).map(r => r.chunk.chunkCid.toString()))
    for (const c of checked.closestSources ?? []) expect(await citationProblem(c, results)).toBeUndefined()
  })
})

describe('checkCitations on abstentions', () => {
  it('keeps only valid closest sources', async () => {
    const a = await makeResult('Alpha passage text here.')
    const b = await makeResult('Beta passage text here.')
    const draft: Draft = { answer: NOT_FOUND_ANSWER, sentences: [], citations: [], rejected: [], abstained: true, closestSources: [cite(a, 1, 'Alpha passage'), cite(b, 2, 'Beta passage')], llm: 'none' }
    const checked = await checkCitations(draft, [b])
    expect(checked.closestSources?.map(c => [c.n, c.quote])).toEqual([[1, 'Beta passage']])
  })

  it('keeps a true sentence verbatim in its quote however the rest of the quote reads (the Lotus lite-node case, issue 21)', async () => {
    const first = 'A Lotus Lite node is a stripped down version of a Lotus full-node capable of running on lower-end hardware.'
    const quote = `${first} It also allows for local signing for storage deals without a full Lotus node.`
    // the passage as networks/mainnet/rpcs.md has it
    const r = await makeResult(`### Lotus Lite\n\n    ${quote}\n`, { path: 'networks/mainnet/rpcs.md' })
    const checked = await checkCitations(draftOf([{ text: first, citations: [1] }], [cite(r, 1, quote)]), [r])
    expect(checked.rejected).toEqual([])
    expect(checked.sentences).toEqual([{ text: first, citations: [1], support: 'supported' }])
  })
})

import { describe, it, expect } from 'vitest'
import { documentTermsOf } from './document-terms.js'
import { termStatistics } from './answerability.js'
import { makeResult } from './test-fixtures/filecoin-results.js'
import { sentenceCandidates } from './answerers/sentence-candidates.js'
import { questionFeatures, QUESTION_FEATURES } from './answerers/question-features.js'
import { candidateFeatures } from './answerers/sentence-features.js'

describe('documentTermsOf', () => {
  it('finds the terms any chunk of a chunk\'s document holds, and only its own when the document is unknown', async () => {
    const letterhead = (await makeResult('Central Intelligence Agency. Office of the Director.', { path: 'letter.pdf' })).chunk
    const body = (await makeResult('The release may be postponed for no more than 25 years.', { path: 'letter.pdf', byteStart: 60 })).chunk
    const other = (await makeResult('Sectors are sealed by storage providers.', { path: 'sectors.md' })).chunk
    const stray = (await makeResult('A page of no indexed document.', { path: 'stray.md' })).chunk
    const held = documentTermsOf([letterhead, body, other])
    expect([...held(body, ['director', 'postpon', 'sector', 'agenc'])]).toEqual(['director', 'postpon', 'agenc'])
    expect([...held(stray, ['page', 'director'])]).toEqual(['page'])
    expect([...termStatistics([letterhead, body, other]).documentTerms?.(body, ['director']) ?? []]).toEqual(['director'])
  })

  it('reads a constraint missing from the passage but named elsewhere in its document as less missing', async () => {
    const letterhead = await makeResult('Dear colleague, this letter comes from the Agency Records Office in 1997.', { path: 'letter.pdf' })
    const body = await makeResult('The release of the information may be postponed for no more than 25 years.', { path: 'letter.pdf', byteStart: 80 })
    const elsewhere = await makeResult('Records are released by the archive in batches.', { path: 'archive.md' })
    const stats = termStatistics([letterhead.chunk, body.chunk, elsewhere.chunk])
    const question = 'What did the Agency letter of 1997 say about how long release could be postponed?'
    const missing = (withStats: boolean): number => {
      const rows = candidateFeatures(sentenceCandidates(question, [body], withStats ? stats : undefined))
      return questionFeatures(rows, rows.map(() => 0))[QUESTION_FEATURES.indexOf('constraintMissingDocuments')] ?? NaN
    }
    // "Agency" and "1997" are in the letterhead chunk, not in the passage quoted
    expect(missing(true)).toBe(0)
    expect(missing(false)).toBe(1)
  })
})

import { describe, it, expect } from 'vitest'
import { SENTENCE_FEATURES, candidateFeatures, type SentenceFeature } from './sentence-features.js'
import { sentenceCandidates } from './sentence-candidates.js'
import { termStatistics } from '../answerability.js'
import { makeResult } from '../test-fixtures/filecoin-results.js'

describe('candidateFeatures', () => {
  const feature = (rows: number[][], i: number, name: SentenceFeature): number => rows[i]?.[SENTENCE_FEATURES.indexOf(name)] ?? Number.NaN

  it('lets a sentence with a pronoun take the question\'s names from the sentence before it', async () => {
    const passage = await makeResult('Hunt showed me a comfort letter. This was a letter written by him to the publishers on 17 May 1974. A copy went to the publishers on 17 May 1974.')
    const set = sentenceCandidates('What did Hunt tell his publishers in 1974?', [passage], termStatistics([passage.chunk]))
    const rows = candidateFeatures(set)
    const at = (start: string): number => set.candidates.findIndex(c => c.text.startsWith(start))
    // "him" points back to "Hunt": nothing missing; the copy names no one, so "Hunt" is
    expect(feature(rows, at('This was'), 'constraintMissingSentence')).toBe(0)
    expect(feature(rows, at('A copy'), 'constraintMissingSentence')).toBeGreaterThan(0)
  })

  it('gives a passage the share of the question its whole document holds, relative to the best', async () => {
    const intro = await makeResult('Nerpanet was a test network for application developers.', { path: 'nerpa.md' })
    const cut = await makeResult('It was shut down in April 2024.', { path: 'nerpa.md', byteStart: 200 })
    const other = await makeResult('Test networks are shut down when they are no longer needed.', { path: 'networks.md' })
    const set = sentenceCandidates('When was the Nerpanet test network shut down?', [cut, other], termStatistics([intro.chunk, cut.chunk, other.chunk]))
    const rows = candidateFeatures(set)
    const of = (path: string): number => feature(rows, set.candidates.findIndex(c => set.contexts[c.ctx]?.chunk.path === path), 'documentCoverageShare')
    // the passage names only "shut down"; its page names Nerpanet and the test network too
    expect(of('nerpa.md')).toBe(1)
    expect(of('networks.md')).toBeLessThan(1)
  })

  it('says how much of what a figure question measures a sentence and its neighbours hold', async () => {
    const passage = await makeResult('Estuary sent public data to the network. It was shut down in 2023. Over 1,500 storage providers hold active deals.')
    const set = sentenceCandidates('Exactly how many storage providers had active deals at the end of 2024?', [passage], termStatistics([passage.chunk]))
    const rows = candidateFeatures(set)
    const at = (start: string): number => set.candidates.findIndex(c => c.text.startsWith(start))
    // "how many storage providers" measures storage providers: the first sentence's window holds neither word
    expect(feature(rows, at('Over 1,500'), 'measuredShare')).toBe(1)
    expect(feature(rows, at('Estuary'), 'measuredShare')).toBe(0)
    // a question that asks for no figure measures nothing
    const what = sentenceCandidates('What did Estuary do?', [passage], termStatistics([passage.chunk]))
    expect(candidateFeatures(what).every(r => r[SENTENCE_FEATURES.indexOf('measuredShare')] === 0)).toBe(true)
  })
})

import { describe, it, expect } from 'vitest'
import { SENTENCE_FEATURES, candidateFeatures, type SentenceFeature } from './sentence-features.js'
import { sentenceCandidates } from './sentence-candidates.js'
import { termStatistics } from '../answerability.js'
import { makeResult } from '../test-fixtures/filecoin-results.js'

describe('candidateFeatures', () => {
  const feature = (rows: number[][], i: number, name: SentenceFeature): number => rows[i]?.[SENTENCE_FEATURES.indexOf(name)] ?? Number.NaN
  /** One passage's candidate features for a question: a feature of the sentence that starts with `start` */
  const featuresOf = async (text: string, question: string): Promise<(start: string, name: SentenceFeature) => number> => {
    const passage = await makeResult(text)
    const set = sentenceCandidates(question, [passage], termStatistics([passage.chunk]))
    const rows = candidateFeatures(set)
    return (start, name) => feature(rows, set.candidates.findIndex(c => c.text.startsWith(start)), name)
  }

  it('lets a sentence with a pronoun take the question\'s names from the sentence before it', async () => {
    const of = await featuresOf('Hunt showed me a comfort letter. This was a letter written by him to the publishers on 17 May 1974. A copy went to the publishers on 17 May 1974.', 'What did Hunt tell his publishers in 1974?')
    // "him" points back to "Hunt": nothing missing; the copy names no one, so "Hunt" is
    expect(of('This was', 'constraintMissingSentence')).toBe(0)
    expect(of('A copy', 'constraintMissingSentence')).toBeGreaterThan(0)
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
    const text = 'Estuary sent public data to the network. It was shut down in 2023. Over 1,500 storage providers hold active deals.'
    const of = await featuresOf(text, 'Exactly how many storage providers had active deals at the end of 2024?')
    // "how many storage providers" measures storage providers: the first sentence's window holds neither word
    expect(of('Over 1,500', 'measuredShare')).toBe(1)
    expect(of('Estuary', 'measuredShare')).toBe(0)
    // a question that asks for no figure measures nothing
    const what = await featuresOf(text, 'What did Estuary do?')
    for (const start of ['Estuary', 'It was', 'Over 1,500']) expect(what(start, 'measuredShare')).toBe(0)
  })
})

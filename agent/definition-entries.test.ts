import { describe, it, expect } from 'vitest'
import { termStatistics } from './answerability.js'
import { definitionEntries } from './definition-entries.js'
import { makeResult } from './test-fixtures/filecoin-results.js'
import type { Chunk } from '../indexes/index.js'

async function chunk (text: string, path: string, headings: string[]): Promise<Chunk> {
  return (await makeResult(text, { path, headings })).chunk
}

describe('definitionEntries', () => {
  it('finds the entry headed by the term a definition question asks about, not one headed by a context word', async () => {
    const chunks = [
      await chunk('## Epoch\n\nTime in the Filecoin blockchain is discretized into epochs of thirty seconds.', 'glossary.md', ['Glossary', 'Epoch']),
      await chunk('## Filecoin\n\nFilecoin is a chain for storage; every epoch it adds blocks to the chain.', 'glossary.md', ['Glossary', 'Filecoin']),
      await chunk('## Epoch length and rewards\n\nRewards per epoch on the chain.', 'rewards.md', ['Rewards', 'Epoch length and rewards']),
      await chunk('The Filecoin chain grows by one tipset per epoch.', 'chain.md', ['Chain']),
      await chunk('Filecoin stores data.', 'intro.md', ['Intro']),
      await chunk('Storage providers store data on the Filecoin chain.', 'providers.md', ['Providers'])
    ]
    const stats = termStatistics(chunks)
    const found = definitionEntries('What is an epoch on the Filecoin chain, and how long does one last?', chunks, stats)
    expect(found.map(c => c.headings?.at(-1))).toEqual(['Epoch'])
    // "Epoch length and rewards" has words the question's subject lacks; "Filecoin" lacks the subject's rarest term
    expect(definitionEntries('What is Filecoin?', chunks, stats).map(c => c.headings?.at(-1))).toEqual(['Filecoin'])
  })

  it('looks nothing up for other kinds of questions, or a subject no heading names', async () => {
    const chunks = [await chunk('## Epoch\n\nThirty seconds.', 'glossary.md', ['Glossary', 'Epoch']), await chunk('Other text.', 'other.md', ['Other'])]
    const stats = termStatistics(chunks)
    expect(definitionEntries('How do I change the epoch?', chunks, stats)).toEqual([])
    expect(definitionEntries('What is a tipset?', chunks, stats)).toEqual([])
    expect(definitionEntries('What is it?', chunks, stats)).toEqual([])
  })
})

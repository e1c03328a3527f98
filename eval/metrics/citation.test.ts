import { describe, it, expect } from 'vitest'
import { citationMatches, citationPrecision, normalizeSourcePath, relevantSourceCited } from './citation.js'

const cite = (path: string, docCid = 'bafkreidoc'): { path: string, docCid: string } => ({ path, docCid })

describe('normalizeSourcePath', () => {
  it('strips leading ./ and /', () => {
    expect(normalizeSourcePath('././docs/a.md')).toBe('docs/a.md')
    expect(normalizeSourcePath('/docs/a.md')).toBe('docs/a.md')
    expect(normalizeSourcePath('docs/./a.md')).toBe('docs/./a.md')
  })
})

describe('citationMatches', () => {
  it('matches the path exactly or after stripping ./', () => {
    expect(citationMatches(cite('smart-contracts/faqs.md'), 'smart-contracts/faqs.md')).toBe(true)
    expect(citationMatches(cite('./smart-contracts/faqs.md'), 'smart-contracts/faqs.md')).toBe(true)
    expect(citationMatches(cite('smart-contracts/faqs.md'), './smart-contracts/faqs.md')).toBe(true)
    expect(citationMatches(cite('smart-contracts/faqs.md'), 'faqs.md')).toBe(false)
  })

  it('matches the document CID', () => {
    expect(citationMatches(cite('x.md', 'bafkreiabc'), 'bafkreiabc')).toBe(true)
    expect(citationMatches(cite('x.md', 'bafkreiabc'), 'bafkreiabd')).toBe(false)
  })

  it('matches a JSON record path file#id by its id or its file', () => {
    expect(citationMatches(cite('corpus.jsonl#31715818'), '31715818')).toBe(true)
    expect(citationMatches(cite('./corpus.jsonl#31715818'), 'corpus.jsonl')).toBe(true)
    expect(citationMatches(cite('corpus.jsonl#31715818'), '3171581')).toBe(false)
  })

  it('never matches an empty relevant entry', () => {
    expect(citationMatches(cite(''), '')).toBe(false)
  })
})

describe('relevantSourceCited / citationPrecision', () => {
  const record = { citations: [cite('a.md'), cite('./b.md'), cite('c.jsonl#7')] }

  it('reports whether any citation is relevant', () => {
    expect(relevantSourceCited(record, ['b.md'])).toBe(true)
    expect(relevantSourceCited(record, ['z.md'])).toBe(false)
    expect(relevantSourceCited(record, [])).toBe(false)
  })

  it('is the share of relevant citations', () => {
    expect(citationPrecision(record, ['b.md', '7'])).toBeCloseTo(2 / 3, 12)
    expect(citationPrecision(record, ['z.md'])).toBe(0)
    expect(citationPrecision(record, [])).toBe(0)
  })

  it('counts each citation once even when several relevant entries match it', () => {
    expect(citationPrecision({ citations: [cite('a.md', 'bafkreia')] }, ['a.md', 'bafkreia'])).toBe(1)
  })

  it('is undefined without citations', () => {
    expect(citationPrecision({ citations: [] }, ['a.md'])).toBeUndefined()
    expect(relevantSourceCited({ citations: [] }, ['a.md'])).toBe(false)
  })
})

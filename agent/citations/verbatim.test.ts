import { describe, it, expect } from 'vitest'
import { isVerbatim, verbatimSource } from './verbatim.js'

const QUOTE = 'In Oswald\'s case, it was the combination of visits which caused the Mexico City Station to\n\nreport this. This was re-\n\nported in the Current Intelligence Bulletin on 1 April.'
const cite = (quote: string, path = 'doc.md', byteStart = 100): { n: number, quote: string, path: string, byteStart: number } => ({ n: 1, quote, path, byteStart })

describe('verbatimSource', () => {
  it('finds a sentence whose quote crosses a hyphenated line break, with its exact byte range', () => {
    const s = 'This was reported in the Current Intelligence Bulletin on 1 April.'
    const at = verbatimSource(s, [cite(QUOTE)])
    expect(at).toBeDefined()
    const bytes = Buffer.from(QUOTE, 'utf8')
    expect(bytes.subarray((at?.byteStart ?? 0) - 100, (at?.byteEnd ?? 0) - 100).toString('utf8')).toBe('This was re-\n\nported in the Current Intelligence Bulletin on 1 April.')
  })

  it('ignores citation markers and whitespace runs', () => {
    expect(isVerbatim('which caused the  Mexico City Station to report this. [1]', [cite(QUOTE)])).toBe(true)
  })

  it('rejects any change of a word, a number, a negation, a dropped word or a part of a word', () => {
    expect(isVerbatim('This was reported in the Current Intelligence Bulletin on 2 April.', [cite(QUOTE)])).toBe(false)
    expect(isVerbatim('This was not reported in the Current Intelligence Bulletin on 1 April.', [cite(QUOTE)])).toBe(false)
    expect(isVerbatim('This was reported in the Intelligence Bulletin on 1 April.', [cite(QUOTE)])).toBe(false)
    expect(isVerbatim('ported in the Current Intelligence Bulletin', [cite(QUOTE)])).toBe(false)
    expect(isVerbatim('', [cite(QUOTE)])).toBe(false)
  })

  it('reads markup by the cited path: stripped in markdown, kept in plain text', () => {
    expect(isVerbatim('A deal is an agreement.', [cite('A **deal** is an [agreement](https://x.test).')])).toBe(true)
    expect(isVerbatim('A deal is an agreement.', [cite('A **deal** is an [agreement](https://x.test).', 'notes.txt')])).toBe(false)
  })
})

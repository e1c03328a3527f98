import { describe, it, expect } from 'vitest'
import { parseFrontMatter } from './parse-front-matter.js'

describe('parseFrontMatter', () => {
  it('parses a GitBook block and ends after the closing line', () => {
    const text = '---\ndescription: >-\n  Folded\n  text.\nlayout:\n  title:\n    visible: true\n---\n\n# Title\n'
    const fm = parseFrontMatter(text)
    expect(fm?.data).toEqual({ description: 'Folded text.', layout: { title: { visible: true } } })
    expect(text.slice(fm?.end)).toBe('\n# Title\n')
  })

  it('handles CRLF, a byte order mark, `...` and an empty block', () => {
    expect(parseFrontMatter('\uFEFF---\r\ntitle: A\r\n---\r\nbody')).toEqual({ data: { title: 'A' }, end: 21 })
    expect(parseFrontMatter('---\nx: 1\n...\nbody')?.data).toEqual({ x: 1 })
    expect(parseFrontMatter('---\n---\nbody')).toEqual({ data: {}, end: 8 })
  })

  it('rejects unclosed blocks, bad YAML and non-mappings', () => {
    expect(parseFrontMatter('---\ntitle: A\n')).toBeUndefined()
    expect(parseFrontMatter('---\nx: [1, 2\n---\n')).toBeUndefined()
    expect(parseFrontMatter('---\nJust a paragraph between rules\n---\n')).toBeUndefined()
    expect(parseFrontMatter('----\nx: 1\n----\n')).toBeUndefined()
    expect(parseFrontMatter('# No front matter\n---\n')).toBeUndefined()
  })
})

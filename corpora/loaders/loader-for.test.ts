import { describe, it, expect } from 'vitest'
import { defaultLoaders, loaderFor } from './loader-for.js'
import { markdownLoader } from './markdown-loader.js'

describe('loaderFor', () => {
  it('picks the loader by extension, case-insensitively', () => {
    const cases: Array<[string, string | undefined]> = [
      ['a/b.md', 'markdown'], ['X.MARKDOWN', 'markdown'], ['c.mdx', 'markdown'],
      ['notes.TXT', 'text'], ['doc.rst', 'text'], ['run.log', 'text'], ['x.text', 'text'],
      ['page.HTM', 'html'], ['page.html', 'html'], ['paper.pdf', 'pdf'],
      ['data.json', 'json'], ['corpus.jsonl', 'json'], ['c.ndjson', 'json'],
      ['README', undefined], ['image.png', undefined], ['.md', undefined]
    ]
    for (const [path, name] of cases) expect(loaderFor(path)?.name, path).toBe(name)
  })

  it('uses the given loaders only', () => {
    expect(loaderFor('a.txt', [markdownLoader])).toBeUndefined()
    expect(defaultLoaders.map(l => l.name)).toEqual(['markdown', 'html', 'pdf', 'json', 'text'])
  })
})

import { describe, it, expect } from 'vitest'
import { scanMarkdown } from './scan-markdown.js'

/** Blocks other than plain lines, as short strings: `h2:Title`, `code:ts:closed`, with the covered text */
function structure (text: string): string[] {
  const out: string[] = []
  for (const b of scanMarkdown(text)) {
    if (b.kind === 'heading') out.push(`h${b.level}${b.setext ? 's' : ''}:${text.slice(b.contentStart, b.contentEnd)}`)
    if (b.kind === 'code') out.push(`code:${b.info}:${b.closed ? 'closed' : 'open'}:${JSON.stringify(text.slice(b.start, b.end))}`)
  }
  return out
}

describe('scanMarkdown', () => {
  it('covers every line once, in order', () => {
    const text = 'Title\n=====\n\n```js\ncode\n```\n# A #\r\ntext\n- item\n'
    let pos = 0
    for (const b of scanMarkdown(text)) {
      expect(b.start).toBe(pos)
      pos = text.indexOf('\n', b.end) + 1
    }
    expect(pos).toBe(text.length)
  })

  it('opens a fence indented at most 3 spaces (the chunker opened one on any indentation)', () => {
    expect(structure('   ```\n# not a heading\n   ```\n# After')).toEqual(['code::closed:"   ```\\n# not a heading\\n   ```"', 'h1:After'])
    // 4 spaces outside a list: indented code, not a fence, so the heading after it counts
    expect(structure('text\n\n    ```\n# Heading\n')).toEqual(['h1:Heading'])
  })

  it('closes a fence only with the same character, at least as long (the splitter closed ```` with ```)', () => {
    expect(structure('````\n```\n# inside\n````\n# After')).toEqual(['code::closed:"````\\n```\\n# inside\\n````"', 'h1:After'])
    expect(structure('~~~\n```\n~~~')).toEqual(['code::closed:"~~~\\n```\\n~~~"'])
    // a closing fence has no info string
    expect(structure('```\n```js\n```')).toEqual(['code::closed:"```\\n```js\\n```"'])
    // a backtick fence's info string has no backtick: inline code, not a fence
    expect(structure('``` a ` b\n# Heading')).toEqual(['h1:Heading'])
  })

  it('runs an unclosed fence to the end of the text', () => {
    expect(structure('```sh\n# comment\n')).toEqual(['code:sh:open:"```sh\\n# comment"'])
  })

  it('reads fences inside list items relative to the item, and ends them with the item', () => {
    const text = '1. Step:\n\n    ```bash\n    # install\n    ```\n\n    More.\n\n# Next'
    expect(structure(text)).toEqual(['code:bash:closed:"    ```bash\\n    # install\\n    ```"', 'h1:Next'])
    // a line back at the margin leaves the item, and so its fence
    expect(structure('- ```\n  code\n# Out')).toEqual(['code::open:"- ```\\n  code"', 'h1:Out'])
  })

  it('reads ATX headings: 1-6 #, a space, at most 3 spaces indented, closing sequence dropped', () => {
    expect(structure('# One\n###### Six #####\n####### seven\n#no\n   ## Three spaces\n    # four\n## C# ##\n# foo#')).toEqual(
      ['h1:One', 'h6:Six', 'h2:Three spaces', 'h2:C#', 'h1:foo#'])
    expect(structure('#\n## ##')).toEqual(['h1:', 'h2:'])
  })

  it('reads setext headings after a paragraph, and --- without one as a thematic break', () => {
    expect(structure('Title\n=====\n\nSub title\nover two lines\n---\n\n---\nText')).toEqual(['h1s:Title', 'h2s:Sub title\nover two lines'])
    // not after a block quote or a list item in another container, nor indented 4 spaces
    expect(structure('> quoted\n---\n- item\n---\nPara\n    ---')).toEqual([])
    // inside the same list item it is a heading
    expect(structure('- Item\n  ---')).toEqual(['h2s:Item'])
  })

  it('sees headings and fences on a list item line', () => {
    expect(structure('- # Heading\n- ```\n  # code\n  ```\n')).toEqual(['h1:Heading', 'code::closed:"- ```\\n  # code\\n  ```"'])
  })

  it('starts at an offset, e.g. after front matter', () => {
    const text = '---\ntitle: x\n---\n# Body'
    expect([...scanMarkdown(text, text.indexOf('# Body'))].map(b => b.kind)).toEqual(['heading'])
  })
})

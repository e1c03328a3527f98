import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, it, expect } from 'vitest'
import { splitSentences } from './split-sentences.js'
import { FILECOIN_DOCS_DIR, HAS_FILECOIN_DOCS } from '../test-fixtures/filecoin-results.js'

const texts = (source: string): string[] => splitSentences(source).map(s => s.text)

describe('splitSentences', () => {
  it('splits prose at sentence ends and keeps exact offsets', () => {
    const source = 'Filecoin stores data. Is it fast?  Yes!\nIt is.'
    const spans = splitSentences(source)
    expect(spans.map(s => s.text)).toEqual(['Filecoin stores data.', 'Is it fast?', 'Yes!', 'It is.'])
    for (const s of spans) expect(source.slice(s.start, s.end)).toBe(s.text)
  })

  it('reads fences and headings as CommonMark does (the one scanner)', () => {
    const kinds = (source: string): string[] => splitSentences(source).map(s => `${s.kind}:${s.text}`)
    // ``` does not close a ```` fence; a fence closes with the same character
    expect(kinds('````\n```\n# inside\n````\nAfter.')).toEqual(['code:````\n```\n# inside\n````', 'prose:After.'])
    expect(kinds('~~~\n```\n~~~\nAfter.')).toEqual(['code:~~~\n```\n~~~', 'prose:After.'])
    // setext headings; 4 spaces of indentation make neither a heading nor a fence
    expect(kinds('Title\n=====\nText here.')).toEqual(['heading:Title', 'prose:Text here.'])
    expect(kinds('Para.\n\n    # not a heading')).toEqual(['prose:Para.', 'prose:# not a heading'])
  })

  it('in wrapped text (OCR) reads ATX headings with the scanner and nothing else as structure', () => {
    const kinds = (source: string): string[] => splitSentences(source, { wrapped: true }).map(s => `${s.kind}:${s.text}`)
    expect(kinds('## Page 2\nThe memo was\nsent on Monday.\n-----\nIt arrived.')).toEqual(['heading:Page 2', 'prose:The memo was\nsent on Monday.', 'prose:It arrived.'])
    // an underlined line is no heading here, a fence no code block
    expect(kinds('Title\n=====\n```\nText.')).toEqual(['prose:Title\n=====\n```\nText.'])
  })

  it('in wrapped text sets apart what the layout sets apart: short title lines and numbered paragraphs', () => {
    const kinds = (source: string): string[] => splitSentences(source, { wrapped: true }).map(s => `${s.kind}:${s.text}`)
    const memo = [
      'OGC 74-1755',
      'SECRET',
      '',
      '30 September 1974',
      'MEMORANDUM FOR THE RECORD',
      'SUBJECT: Meeting with E. Howard Hunt Re His Memoirs',
      '',
      '1. On 28 September 1974 Ray Rocca, Deputy Chief/CI Staff,',
      'and I met in the Washington Field Office with E. Howard Hunt.',
      'As the meeting began, Hunt asked if it was being tape-',
      'recorded; I assured him that it was not. He did not care',
      'about that and went on to the review with his attorney.',
      '2. Changes were agreed to.'
    ].join('\n')
    expect(kinds(memo)).toEqual([
      'heading:OGC 74-1755',
      'heading:SECRET',
      'heading:30 September 1974',
      'heading:MEMORANDUM FOR THE RECORD',
      'heading:SUBJECT: Meeting with E. Howard Hunt Re His Memoirs',
      'prose:1. On 28 September 1974 Ray Rocca, Deputy Chief/CI Staff,\nand I met in the Washington Field Office with E. Howard Hunt.',
      'prose:As the meeting began, Hunt asked if it was being tape-\nrecorded; I assured him that it was not.',
      'prose:He did not care\nabout that and went on to the review with his attorney.',
      'prose:2. Changes were agreed to.'
    ])
    // a long title in capitals over mixed-case text is set apart too, however long its line; a cable all in capitals runs on
    const report = [
      'REPORT ON PRESIDENT JOHNSON\'S SPEECH BEFORE THE GENERAL ASSEMBLY',
      '',
      'In a brief address to the United Nations General Assembly the new',
      'President of the United States attempted to make clear what his',
      'future foreign policy will be like, and he said it plainly.'
    ].join('\n')
    expect(kinds(report)[0]).toBe('heading:REPORT ON PRESIDENT JOHNSON\'S SPEECH BEFORE THE GENERAL ASSEMBLY')
    expect(kinds(report)).toHaveLength(2)
    // routing fields each open a line of their own (and, short and unpunctuated, read as headings)
    const routing = [
      'FR Washington: KORTEWEG, 3900 16th St., N.W.,',
      'TO The Hague: GEPEDE ((A))',
      'Msg Nr: 17 Dec 63',
      '',
      'In a brief address to the United Nations General Assembly the new',
      'President of the United States attempted to make clear what his',
      'future foreign policy will be like, and he said it plainly.'
    ].join('\n')
    expect(kinds(routing).slice(0, 2)).toEqual(['heading:FR Washington: KORTEWEG, 3900 16th St., N.W.,', 'heading:TO The Hague: GEPEDE ((A))'])
    expect(kinds(routing).at(-1)).toMatch(/^prose:In a brief address/)
    const cable = ['EVEN THEN, THE RELEASE OF THE INFORMATION MAY ONLY BE', 'POSTPONED FOR NO MORE THAN 25 YEARS.'].join('\n')
    expect(kinds(cable)).toEqual([`prose:${cable}`])
    // a short line that runs on (a word no clause ends on, a comma) or goes on in lower case is no break
    const wrapped = [
      'At the request of the station, the subject wrote to him in order',
      'to obtain',
      'more information about the airfields and the pilots he knew of,',
      'and he was',
      'Several leads of marginal value were provided by the subject.'
    ].join('\n\n')
    expect(kinds(wrapped)).toEqual([`prose:${wrapped}`])
    // too few lines to know the width: only numbered paragraphs break
    expect(kinds('Short line\nAnother line.')).toEqual(['prose:Short line\nAnother line.'])
  })

  it('does not split after abbreviations, initials, decimals, versions or inside URLs', () => {
    expect(texts('Use a CAR file, e.g. one made by Singularity. Sectors are 32.5 GiB in v1.2.3 of the U.S. Spec. Next one.'))
      .toEqual(['Use a CAR file, e.g. one made by Singularity.', 'Sectors are 32.5 GiB in v1.2.3 of the U.S. Spec.', 'Next one.'])
    expect(texts('See https://docs.filecoin.io/basics. Then read i.e. Lotus docs. See Fig. 2 for details.'))
      .toEqual(['See https://docs.filecoin.io/basics.', 'Then read i.e. Lotus docs.', 'See Fig. 2 for details.'])
    expect(texts('Read [the guide](https://example.com/a.b. c). It helps.')).toEqual(['Read [the guide](https://example.com/a.b. c).', 'It helps.'])
    expect(texts('Run `lotus client. Deal` now. Done.')).toEqual(['Run `lotus client. Deal` now.', 'Done.'])
  })

  it('separates headings, list items, tables, code, GitBook tags, HTML and front matter', () => {
    const source = [
      '---',
      'description: A page.',
      '---',
      '',
      '# Storage deals',
      '',
      'Deals are agreements. They have terms:',
      '',
      '* First item. Second sentence.',
      '- [x] Done item',
      '1. Numbered item',
      '',
      '{% hint style="info" %}',
      'Hints hold prose too.',
      '{% endhint %}',
      '',
      '| Size | Price |',
      '| ---- | ----- |',
      '| 32 GiB | 1 FIL |',
      '',
      '```bash',
      'lotus client deal. Not a sentence',
      '```',
      '<figure><img src="a.png"></figure>',
      '> Quoted prose.'
    ].join('\n')
    const spans = splitSentences(source)
    expect(spans.map(s => [s.kind, s.text])).toEqual([
      ['frontmatter', '---\ndescription: A page.\n---'],
      ['heading', 'Storage deals'],
      ['prose', 'Deals are agreements.'],
      ['prose', 'They have terms:'],
      ['list', 'First item.'],
      ['list', 'Second sentence.'],
      ['list', 'Done item'],
      ['list', 'Numbered item'],
      ['tag', '{% hint style="info" %}'],
      ['prose', 'Hints hold prose too.'],
      ['tag', '{% endhint %}'],
      ['table', '| Size | Price |'],
      ['table', '| 32 GiB | 1 FIL |'],
      ['code', '```bash\nlotus client deal. Not a sentence\n```'],
      ['html', '<figure><img src="a.png"></figure>'],
      ['prose', 'Quoted prose.']
    ])
    for (const s of spans) expect(source.slice(s.start, s.end)).toBe(s.text)
  })

  it('keeps a soft-wrapped sentence whole, splits inline tags out and closes an unterminated code fence', () => {
    expect(texts('A sentence that\nwraps here. Next.')).toEqual(['A sentence that\nwraps here.', 'Next.'])
    expect(splitSentences('Before {% include "x.md" %} after.').map(s => s.kind)).toEqual(['prose', 'tag', 'prose'])
    expect(splitSentences('Intro.\n```js\nconst a = 1').map(s => [s.kind, s.text])).toEqual([['prose', 'Intro.'], ['code', '```js\nconst a = 1']])
    expect(splitSentences('')).toEqual([])
  })

  it.skipIf(!HAS_FILECOIN_DOCS)('gives ordered, exact, non-overlapping spans on every Filecoin docs page', async () => {
    const pages = (await readdir(FILECOIN_DOCS_DIR, { recursive: true })).filter(p => p.endsWith('.md'))
    expect(pages.length).toBeGreaterThan(150)
    let count = 0
    for (const page of pages) {
      const source = await readFile(path.join(FILECOIN_DOCS_DIR, page), 'utf8')
      let last = 0
      for (const s of splitSentences(source)) {
        expect(source.slice(s.start, s.end)).toBe(s.text)
        expect(s.start).toBeGreaterThanOrEqual(last)
        expect(s.text).toBe(s.text.trim())
        last = s.end
        count++
      }
    }
    expect(count).toBeGreaterThan(5000)
  })

  it('runs OCR sentences across line wraps and hyphenated breaks, keeping exact offsets', () => {
    const source = '## Page 1\n\n4-00000\n\nNOSENKO was brought to the U.s.\n\nand after a period he was con-\n\nfined in April 1964.\n\nFrom April 1964 to\n\nAugust 1965, he was confined at an\n\nAgency controlled site in Clinton,\n\nMaryland.\n\n---\n\n## Page 2'
    const spans = splitSentences(source, { wrapped: true })
    for (const s of spans) expect(source.slice(s.start, s.end)).toBe(s.text)
    expect(spans.map(s => [s.kind, s.text.replace(/\s+/g, ' ')])).toEqual([
      ['heading', 'Page 1'],
      // the archive's page stamp is a short line of its own (a title, by the layout)
      ['heading', '4-00000'],
      ['prose', 'NOSENKO was brought to the U.s. and after a period he was con- fined in April 1964.'],
      ['prose', 'From April 1964 to August 1965, he was confined at an Agency controlled site in Clinton, Maryland.'],
      ['heading', 'Page 2']
    ])
  })

  it('cuts a run-on OCR "sentence" (a form, a list of names) at line breaks', () => {
    const source = Array.from({ length: 30 }, (_, i) => `Name${i} Surname${i} Office`).join('\n\n')
    const spans = splitSentences(source, { wrapped: true })
    expect(spans.length).toBeGreaterThan(1)
    for (const s of spans) expect(s.text.split(/\s+/).length).toBeLessThanOrEqual(50)
    for (const s of spans) expect(source.slice(s.start, s.end)).toBe(s.text)
  })
})


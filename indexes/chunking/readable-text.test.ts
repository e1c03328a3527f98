import { describe, it, expect } from 'vitest'
import { CID } from 'multiformats/cid'
import { embeddingKey } from '../embedding-key.js'
import { embeddingText } from './embedding-text.js'
import { readableChunkText, readableText, readableTextMap, sentenceStyle, sentenceText, textStyle } from './readable-text.js'
import type { Chunk } from '../chunk.js'

const markdown = { markup: true, wrapped: false }

describe('readableText', () => {
  it('strips HTML tags, link targets, front matter, GitBook tags, table pipes and emphasis from markdown', () => {
    const source = [
      '---',
      'description: A page.',
      '---',
      '<meta name="description" content="Intro." />',
      '# Storage deals <a href="#x" id="x"></a>',
      '',
      'A **deal** is an [agreement](https://docs.filecoin.io/deals#terms "Deals") between a _client_ and a `provider`.',
      '![diagram](img/deal.png)',
      '{% hint style="info" %}',
      'Deals expire.&nbsp;See \\_notes\\_.',
      '{% endhint %}',
      '',
      '| Term | Meaning |',
      '| --- | :---: |',
      '| Epoch | 30 seconds |',
      '',
      '* First step',
      '```sh',
      'lotus client deal',
      '```'
    ].join('\n')
    expect(readableText(source, markdown)).toBe([
      'Storage deals',
      '',
      'A deal is an agreement between a client and a provider.',
      'diagram',
      '',
      'Deals expire. See _notes_.',
      '',
      '',
      'Term ; Meaning',
      '',
      'Epoch ; 30 seconds',
      '',
      'First step',
      '',
      'lotus client deal'
    ].join('\n').replace(/\n{3,}/g, '\n\n'))
  })

  it('joins OCR words hyphenated across line breaks and runs wrapped lines together', () => {
    const ocr = 'NOSENKO first contacted Agency per-\n\nsonnel in Switzerland\n\nin June 1962 and was con-\nfined at an Agency site in Clinton,\n\nMaryland.'
    expect(readableText(ocr, { markup: false, wrapped: true }))
      .toBe('NOSENKO first contacted Agency personnel in Switzerland in June 1962 and was confined at an Agency site in Clinton, Maryland.')
  })

  it('leaves plain text (JSON records, SciFact abstracts) untouched', () => {
    const plain = 'Title\n\nIL-6 <  5 pg/ml in *most* [cases](x).'
    expect(readableText(plain, { markup: false, wrapped: false })).toBe(plain)
  })

  it('takes the style from the chunk path and page', () => {
    expect(textStyle({ path: 'a/b.md' })).toEqual({ markup: true, wrapped: false })
    expect(textStyle({ path: '104-10106-10312.md', page: 2 })).toEqual({ markup: true, wrapped: true })
    expect(textStyle({ path: 'corpus.jsonl#12' })).toEqual({ markup: false, wrapped: false })
    expect(readableChunkText({ path: 'x.md', text: '[Lotus](https://lotus.filecoin.io) runs.' })).toBe('Lotus runs.')
  })
})

describe('embedding text and key of a cleaned chunk', () => {
  const chunk = (text: string, path = 'a.md'): Chunk => ({
    chunkCid: CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'),
    docCid: CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'),
    path,
    title: 'Glossary',
    headings: ['Glossary', 'Sector'],
    byteStart: 0,
    byteEnd: text.length,
    text
  })

  it('embeds the readable text under the title and headings', () => {
    expect(embeddingText(chunk('## Sector\n\nData lives in _sectors_ ([more](https://x.io/#sector)).')))
      .toBe('Glossary › Sector\nSector\n\nData lives in sectors (more).')
  })

  it('keys the cache by CID and a hash of the whole embedded text when the text was cleaned', () => {
    const c = chunk('Data lives in _sectors_.')
    const key = embeddingKey(c, embeddingText(c))
    expect(key).toMatch(/^bafk\w+~t[0-9a-f]{12}$/)
    // the same bytes cleaned differently never share a vector
    expect(embeddingKey(c, 'Glossary › Sector\nData lives in sectors!')).not.toBe(key)
    // unchanged text keeps the old keys, so cached vectors stay valid
    const plain = chunk('Data lives in sectors.', 'corpus.jsonl#1')
    expect(embeddingKey(plain, plain.text)).toBe(plain.chunkCid.toString())
    expect(embeddingKey(plain, embeddingText(plain))).toMatch(/^bafk\w+~[0-9a-f]{12}$/)
  })
})

describe('readableChunkText', () => {
  it('is computed once per chunk object and follows a changed chunk', () => {
    const chunk = { path: 'a.md', text: 'Some **bold** [link](https://x.example) text' }
    const first = readableChunkText(chunk)
    expect(first).toBe(readableText(chunk.text, textStyle(chunk)))
    expect(readableChunkText(chunk)).toBe(first)
    chunk.text = 'Other *words*'
    expect(readableChunkText(chunk)).toBe('Other words')
    chunk.path = 'a.txt'
    expect(readableChunkText(chunk)).toBe('Other *words*')
  })
})

describe('readableTextMap', () => {
  it('gives readableText\'s text and maps each character back to its source', () => {
    const source = 'This was re-\n\nported in the **Bulletin** on [1 April](https://x.test/a "t").\n\n| a | b |'
    for (const style of [{ markup: true, wrapped: true }, { markup: true, wrapped: false }, { markup: false, wrapped: true }, { markup: false, wrapped: false }]) {
      const m = readableTextMap(source, style)
      expect(m.text).toBe(readableText(source, style))
      expect(m.offsets).toHaveLength(m.text.length + 1)
      for (let i = 0; i < m.text.length; i++) {
        if (/\p{L}/u.test(m.text[i] ?? '')) expect(source[m.offsets[i] ?? -1]).toBe(m.text[i])
      }
    }
    const m = readableTextMap(source, { markup: true, wrapped: true })
    const at = m.text.indexOf('reported in the Bulletin on 1 April')
    expect(at).toBe(9)
    const end = at + 'reported in the Bulletin on 1 April'.length
    // the joined word and the stripped markup map back to one exact range of the source
    expect(source.slice(m.offsets[at], (m.offsets[end - 1] ?? 0) + 1)).toBe('re-\n\nported in the **Bulletin** on [1 April')
  })

  it('makes an answer sentence from a quote the way the answerer does (sentenceText)', () => {
    expect(sentenceText('inter-\n\ncepts of *the* [call](u)', 'a.md')).toBe('intercepts of the call')
    expect(sentenceText('a **b** c', 'x.txt')).toBe('a **b** c')
    expect(sentenceStyle('records/x.md#page=2')).toEqual({ markup: true, wrapped: true })
  })
})

import { describe, it, expect } from 'vitest'
import { isCutSpan, wholeSentences } from './whole-sentences.js'
import { splitSentences } from './split-sentences.js'

// the end of a JFK chunk (157-10004-10144.md): the chunk stops mid-sentence
const CHUNK_END = 'Thus the information on Oswald was similar to that\n\nprovided on other American citizens who might have made contacts of\n\nthis type. In Oswald\'s case, it was the combination of visits to both\n\nCuban and Soviet Embassies which caused the Mexico City Station to'
// the start of the next chunk: the rest of that sentence, then a whole one
const CHUNK_START = 'report this to Headquarters and Oswald\'s record of defection to the\n\nSoviet Union which prompted the Headquarters dissemination. At the\n\nconclusion of his remarks on this subject, Mr. Helms specified that the tapes were erased.'

describe('wholeSentences', () => {
  it('leaves out a sentence a chunk cuts at its end ("…caused the Mexico City Station to")', () => {
    const spans = wholeSentences(CHUNK_END, { wrapped: true })
    expect(spans.map(s => s.text.replace(/\s+/g, ' '))).toEqual(['Thus the information on Oswald was similar to that provided on other American citizens who might have made contacts of this type.'])
    expect(splitSentences(CHUNK_END, { wrapped: true })).toHaveLength(2)
  })

  it('leaves out the rest of a sentence begun in the chunk before', () => {
    const spans = wholeSentences(CHUNK_START, { wrapped: true })
    expect(spans.map(s => s.text.replace(/\s+/g, ' '))).toEqual(['At the conclusion of his remarks on this subject, Mr. Helms specified that the tapes were erased.'])
  })

  it('leaves out the piece of a run-on sentence cut at a line break mid-clause', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`)
    const text = `${words.slice(0, 55).join(' ')} and then\n\nthe ${words.slice(55).join(' ')}.`
    const spans = splitSentences(text, { wrapped: true })
    for (const s of spans) {
      const cut = isCutSpan(s, text, { wrapped: true })
      if (/and then$/.test(s.text)) expect(cut).toBe(true)
    }
    expect(wholeSentences(text, { wrapped: true }).every(s => !/and then$/.test(s.text))).toBe(true)
  })

  it('leaves out OCR prose that stops on a comma or a word no clause ends on, and keeps a sentence ending "not."', () => {
    // a run-on sentence of more than 50 words is cut at a line break: here after "particularly"
    const sites = Array.from({ length: 45 }, (_, i) => `site${i}`).join(' ')
    const text = `The trips covered ${sites} in Norway and other locations The White House, and particularly\n\nMr. Bundy objected to them. I assured him that it was not.`
    expect(splitSentences(text, { wrapped: true }).some(s => s.text.endsWith('particularly'))).toBe(true)
    expect(wholeSentences(text, { wrapped: true }).map(s => s.text.replace(/\s+/g, ' '))).toEqual(['Mr. Bundy objected to them.', 'I assured him that it was not.'])
  })

  it('keeps whole sentences, headings and list items of markdown, and a closing colon', () => {
    const md = '# Deals\n\nA deal is an agreement. It is signed by both parties:\n\n- the client\n- the provider'
    expect(wholeSentences(md).map(s => s.text)).toEqual(['Deals', 'A deal is an agreement.', 'It is signed by both parties:', 'the client', 'the provider'])
    expect(wholeSentences('A deal is an agreement. It lasts until').map(s => s.text)).toEqual(['A deal is an agreement.'])
  })
})

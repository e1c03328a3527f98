import { describe, it, expect } from 'vitest'
import { chooseReading, lookRegion, secondLook, type LookRegion, type OcrWord } from './second-look.js'

/** A word on a line whose type runs from y = 100 to 126 */
function word (text: string, confidence: number, x0: number, x1: number, y0 = 100, y1 = 126): OcrWord {
  return { text, confidence, bbox: { x0, y0, x1, y1 } }
}

const PAGE = { width: 1000, height: 400 }

describe('lookRegion', () => {
  it('spans the word and one neighbour on each side, cut to the line\'s own band when the word runs into the line below', () => {
    const line = [word('PERSON', 96, 200, 310), word('BEEN', 96, 650, 720), word('rr', 20, 740, 930, 100, 160), word('WITH', 96, 950, 990)]
    const r = lookRegion(line, 2, 1, PAGE)
    // band 100-126 (the confident words), padded by 0.3 × 26 px; the merged word's 160 px bottom is not used
    expect(r.top).toBe(92)
    expect(r.top + r.height).toBe(134)
    expect(r.left).toBe(642)
    expect(r.left + r.width).toBe(998)
    // no context: the word alone
    expect(lookRegion(line, 2, 0, PAGE).left).toBe(732)
  })

  it('stays inside the page', () => {
    const r = lookRegion([word('x', 10, 0, 30, 0, 20)], 0, 1, { width: 25, height: 22 })
    expect(r).toEqual({ left: 0, top: 0, width: 25, height: 22 })
  })
})

describe('chooseReading', () => {
  const first = word('o/Secwrity', 36, 100, 280)
  it('takes the one more confident word read inside the first word\'s box', () => {
    const second = [word('DC/CI', 90, 0, 90), word('O/Security', 82, 102, 279)]
    expect(chooseReading(first, second, new Set())?.text).toBe('O/Security')
  })

  it('takes a change of letter case alone only when the page reads the new form confidently elsewhere', () => {
    const lower = word('o/Security', 36, 100, 280)
    expect(chooseReading(lower, [word('O/Security', 82, 102, 279)], new Set())).toBeUndefined()
    expect(chooseReading(lower, [word('O/Security', 82, 102, 279)], new Set(['O/Security']))?.text).toBe('O/Security')
    expect(chooseReading(word('Scotland', 40, 100, 240), [word('scotland', 90, 100, 240)], new Set())).toBeUndefined()
  })

  it('keeps the first reading when the second is less confident, the same, empty, or splits the word', () => {
    expect(chooseReading(first, [word('0/Security', 30, 102, 279)], new Set())).toBeUndefined()
    expect(chooseReading(first, [word('o/Secwrity', 90, 102, 279)], new Set())).toBeUndefined()
    expect(chooseReading(first, [], new Set())).toBeUndefined()
    expect(chooseReading(word('revolution', 0, 100, 280), [word('revelut', 84, 100, 220), word('ion', 84, 230, 280)], new Set())).toBeUndefined()
  })

  it('does not replace a word the page reads confidently elsewhere with one it does not', () => {
    const general = word('General', 25, 100, 230)
    expect(chooseReading(general, [word('Genaral', 82, 100, 230)], new Set(['General']))).toBeUndefined()
    // the page's vocabulary vouches for the new word too: taken (punctuation around a word does not count)
    expect(chooseReading(word('Ccasasin', 48, 100, 240), [word('Casasin,', 91, 100, 240)], new Set(['Casasin', 'Ccasasin']))?.text).toBe('Casasin,')
  })
})

describe('secondLook', () => {
  it('reads again only the words under the threshold, each on its own region, and returns the replacements', async () => {
    const lines = [
      [word('YOU', 96, 100, 160), word('rr', 20, 180, 370, 100, 160), word('WITH', 96, 390, 460)],
      [word('General', 95, 100, 230, 200, 226), word('Genaral', 25, 250, 380, 200, 226)]
    ]
    const asked: LookRegion[] = []
    const read = async (r: LookRegion): Promise<OcrWord[]> => {
      asked.push(r)
      return r.top < 150 ? [word('ASSOCIATED', 94, 182, 368)] : [word('General', 90, 252, 378)]
    }
    const replaced = await secondLook(lines, PAGE, read, { below: 70, psm: 7, context: 1 })
    expect(asked).toHaveLength(2)
    expect([...replaced].map(([a, b]) => [a.text, b.text])).toEqual([['rr', 'ASSOCIATED'], ['Genaral', 'General']])
  })

  it('stops when aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(secondLook([[word('rr', 20, 0, 10)]], PAGE, async () => [], { below: 70, psm: 7, context: 1 }, { signal: controller.signal })).rejects.toThrow()
  })
})

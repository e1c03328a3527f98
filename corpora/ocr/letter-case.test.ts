import { describe, it, expect } from 'vitest'
import { restoreCapitals, zeroInCapitals, type OcrLine } from './letter-case.js'

/** A word whose glyphs have the given heights (a baseline at y = 100) */
function word (text: string, heights: number[]): OcrLine['words'][number] {
  return { text, symbols: [...text].map((t, i) => ({ text: t, bbox: { y0: 100 - heights[i]!, y1: 100 } })) }
}

describe('restoreCapitals', () => {
  it('makes a first letter as tall as the capitals upper case, and leaves small ones and inner letters', () => {
    const lines: OcrLine[] = [{
      words: [
        word('Florida', [22, 25, 19, 19, 25, 25, 19]),
        word('state', [22, 22, 19, 22, 19]), // the s is cap height: State
        word('cover', [19, 19, 19, 19, 18]), // all x-height: stays
        word('woUld', [19, 19, 22, 25, 25]), // an inner capital is not touched
        word('TAX', [22, 22, 22])
      ]
    }]
    const text = 'Florida state cover woUld TAX\n'
    expect(restoreCapitals(text, lines)).toEqual({ text: 'Florida State cover woUld TAX\n', changed: 1 })
  })

  it('finds each word in order, so a repeated word is changed where it is', () => {
    const lines: OcrLine[] = [
      { words: [word('TAX', [22, 22, 22]), word('corporation', [19, 19, 19, 24, 19, 19, 19, 22, 25, 19, 19])] },
      { words: [word('1)', [22, 27]), word('corporation', [21, 19, 19, 24, 19, 19, 19, 22, 25, 19, 19]), word('FED', [22, 22, 22])] }
    ]
    expect(restoreCapitals('TAX corporation\n1) corporation FED\n', lines).text).toBe('TAX corporation\n1) Corporation FED\n')
  })

  it('changes nothing where capitals and small letters are about the same height', () => {
    const lines: OcrLine[] = [{ words: [word('ABC', [20, 20, 20]), word('sow', [20, 19, 19]), word('cow', [20, 19, 19])] }]
    expect(restoreCapitals('ABC sow cow', lines)).toEqual({ text: 'ABC sow cow', changed: 0 })
  })
})

describe('zeroInCapitals', () => {
  it('reads a 0 among capitals as O, and leaves numbers and codes with other digits', () => {
    expect(zeroInCapitals('TO: C/0CC 0DPD, INFO: DC/0CC')).toBe('TO: C/OCC ODPD, INFO: DC/OCC')
    expect(zeroInCapitals('TOT : 052149Z MAR 97, RB5, N0 100 0S')).toBe('TOT : 052149Z MAR 97, RB5, N0 100 0S')
  })
})

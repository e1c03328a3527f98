import { describe, it, expect } from 'vitest'
import { constraintTerms } from './constraint-terms.js'

describe('constraintTerms', () => {
  it('takes numbers, names and quoted strings', () => {
    expect(constraintTerms('What was the closing price of FIL on January 1, 2024?')).toEqual(['fil', 'januari', '1', '2024'])
    expect(constraintTerms('In what year did Gerald Posner publish \'Case Closed\'?')).toEqual(['case', 'close', 'gerald', 'posner'])
    expect(constraintTerms('What does "storage power" mean?')).toEqual(['storag', 'power'])
  })

  it('reads no quote into possessive apostrophes', () => {
    // the apostrophes of "CIA's" and "station's" quote nothing: "description" and "station" are no constraints
    expect(constraintTerms("In the CIA's description of the JMWAVE station's components, which unit gave photo support?")).toEqual(['cia', 'jmwave'])
  })

  it('takes no name from a capital that opens a sentence or a parenthesis', () => {
    expect(constraintTerms('When was it shut down (Older Filecoin tutorials keep mentioning Estuary)?')).toEqual(['filecoin', 'estuari'])
    expect(constraintTerms('My deal is stuck. Which Lotus command shows it?')).toEqual(['lotu'])
  })

  it('takes no name from what the question sets its subject against', () => {
    // "unlike Bitcoin's …": the foil is no constraint the answer must hold; the clause ends at its punctuation
    expect(constraintTerms("Why is Filecoin mining described as productive work rather than wasted energy, unlike Bitcoin's proof-of-work?")).toEqual(['filecoin'])
    expect(constraintTerms('Does Lotus, unlike Venus, sync from a snapshot?')).toEqual(['lotu'])
    // the foil's noun phrase ends at a preposition: "on Calibration" is the question's again
    expect(constraintTerms('Should I use Lotus instead of Forest on Calibration?')).toEqual(['lotu', 'calibr'])
    // "rather" without "than" sets nothing against anything
    expect(constraintTerms('Should I rather run Lotus on Calibration?')).toEqual(['lotu', 'calibr'])
    // a quoted string stays a constraint wherever it stands
    expect(constraintTerms("What did he ask about, instead of the 'Cosa Nostra'?")).toEqual(['cosa', 'nostra'])
  })

  it('with compoundParts, takes only the capitalised or numbered parts of a hyphenated word (the partial note); without, the whole word (the features)', () => {
    expect(constraintTerms('Where can Chinese-speaking users follow updates?', { compoundParts: true })).toEqual(['china'])
    expect(constraintTerms('Where can Chinese-speaking users follow updates?')).toEqual(['china', 'speak'])
    expect(constraintTerms('What does EIP-1559 change?', { compoundParts: true })).toEqual(constraintTerms('What does EIP-1559 change?'))
  })
})

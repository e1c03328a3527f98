import { describe, expect, it } from 'vitest'
import { nameRuns, namesStatedOtherwise } from './name-runs.js'

describe('nameRuns', () => {
  it('reads runs of capitalised words, joined by a connector, without a sentence\'s opening capital', () => {
    expect(nameRuns("In John McCone's memo on his meeting with President Johnson on 20 February 1964, what?"))
      .toEqual([['John', 'McCone'], ['President', 'Johnson']])
    expect(nameRuns('Which staff of the House Select Committee on Assassinations met him?')).toEqual([['House', 'Select', 'Committee', 'Assassinations']])
  })

  it('keeps initials and a title\'s abbreviation inside a name, and ends a name at a comma or a possessive', () => {
    expect(nameRuns('What had E. Howard Hunt told Sgt. Nicholas Stevenson, the clerk?')).toEqual([['E', 'Howard', 'Hunt'], ['Sgt', 'Nicholas', 'Stevenson']])
    expect(nameRuns("the Assassination Records Review Board's May 1995 request")).toEqual([['Assassination', 'Records', 'Review', 'Board']])
  })

  it('reads no run from one capitalised word or from words joined by "and"', () => {
    expect(nameRuns('When did the CIA and Philip meet Roderick?')).toEqual([])
  })
})

describe('namesStatedOtherwise', () => {
  it('counts an acronym as stated when the sources write out its name, and a name when they write its initials', () => {
    const sources = ['Mr. Smith of the House Select Committee on Assassinations wrote to the ARRB.']
    expect([...namesStatedOtherwise('Which HSCA staff members wrote?', sources, new Set(['hsca']))]).toEqual(['hsca'])
    const board = 'What did the Assassination Records Review Board ask?'
    expect([...namesStatedOtherwise(board, sources, new Set(['review']))]).toEqual(['assassin', 'record', 'review', 'board'])
    // nothing missing of a name: nothing looked for
    expect([...namesStatedOtherwise(board, sources, new Set(['ask']))]).toEqual([])
  })

  it('does not count a name as stated by one of its words: a changed first name is lexically a first name left out', () => {
    expect([...namesStatedOtherwise('Why did Toro Brown visit the garage?', ['Juanita Brown visited the garage.'], new Set(['toro']))]).toEqual([])
  })
})

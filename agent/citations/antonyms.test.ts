import { describe, it, expect } from 'vitest'
import { antonymFlip } from './antonyms.js'

describe('antonymFlip', () => {
  it('catches a word swapped for its opposite', () => {
    expect(antonymFlip('NOSENKO was a false defector.', 'NOSENKO was a bona fide defector.')).toEqual({ said: 'false', quoteSays: 'bona fide' })
    expect(antonymFlip('The fee decreases each epoch.', 'The fee increases each epoch.')).toEqual({ said: 'decrease', quoteSays: 'increase' })
    expect(antonymFlip('He left after the meeting.', 'He left before the meeting.')).toEqual({ said: 'after', quoteSays: 'before' })
    expect(antonymFlip('A client cannot retrieve the data.', 'A client can retrieve the data.')).toEqual({ said: 'cannot', quoteSays: 'can' })
  })

  it('passes a sentence whose word the quote also uses, or whose opposite the quote lacks', () => {
    expect(antonymFlip('The fee increases.', 'The fee increases, then it decreases.')).toBeUndefined()
    expect(antonymFlip('The fee increases.', 'The fee grows.')).toBeUndefined()
    expect(antonymFlip('The fee is paid after sealing.', 'The fee is paid once sealing is done.')).toBeUndefined()
  })
})

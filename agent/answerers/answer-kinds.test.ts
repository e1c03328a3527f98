import { describe, it, expect } from 'vitest'
import { askedFor, gives, hasFigure, measuredTerms, wantsDate } from './answer-kinds.js'

describe('answer kinds', () => {
  it('reads a figure as a number that stands alone, not digits inside a name, nor a date', () => {
    for (const text of ['It takes around 60 to 90 seconds.', 'A 3.5GB download.', 'Only 2,000 blocks are kept.', 'It lasts thirty days.', 'Upgrade to v1.2 first.']) expect(hasFigure(text), text).toBe(true)
    for (const text of ['contract MyToken is ERC20 { }', 'Convert the f0 address.', 'A sha256 hash of the output.', 'See EIP-1559 for fees.', 'Use a t3 address. [1]', 'It was deprecated on 2021-08-16.']) expect(hasFigure(text), text).toBe(false)
  })

  it('says what a question asks for, in its own words: a figure or a date, asked first', () => {
    expect(askedFor('What sector size did the deprecated Nerpanet testnet use?')).toEqual({ kind: 'number', words: 'What sector size' })
    expect(askedFor('How many attoFIL make up one FIL?')).toEqual({ kind: 'number', words: 'How many' })
    expect(askedFor('When did Milestone stop supporting Filecoin, and how long did it take?')).toEqual({ kind: 'date', words: 'When did' })
    // a clause or a circumstance is no date; a yes/no question asks for neither; a name is not read as asked for
    expect(askedFor('When I deploy a contract from Remix, how do I avoid overpaying for gas?')).toBeUndefined()
    expect(askedFor('When should I use deal aggregation?')).toBeUndefined()
    expect(askedFor('Can I work out how much gas a call will cost?')).toBeUndefined()
    expect(askedFor('Who is able to withdraw money from the miner actor?')).toBeUndefined()
    expect(wantsDate('When I create a Gelato task there is an address. What is that?')).toBe(false)
    expect(wantsDate('On what date did Jack Ruby die?')).toBe(true)
  })

  it('a date or a year gives no figure, but gives a date', () => {
    expect(gives('It was deprecated on 2021-08-16.', 'number')).toBe(false)
    expect(gives('Estuary was discontinued in July 2023.', 'number')).toBe(false)
    expect(gives('It was deprecated on 2021-08-16.', 'date')).toBe(true)
    expect(gives('Sectors are 32 GiB or 64 GiB.', 'number')).toBe(true)
  })

  it('reads what a figure question measures: the asking words, else the noun after them, else the rest of the question', () => {
    const measured = (q: string): ReturnType<typeof measuredTerms> | undefined => {
      const asked = askedFor(q)
      return asked === undefined ? undefined : measuredTerms(q, asked)
    }
    expect(measured('What sector size did the deprecated Nerpanet testnet use?')).toEqual({ terms: ['sector', 'size'], all: true })
    expect(measured('How much TRB does a reporter have to stake?')).toEqual({ terms: ['trb'], all: true })
    expect(measured('Exactly how many storage providers had active deals?')).toEqual({ terms: ['storag', 'provid'], all: true })
    // "number of" is no more the thing than "how many"
    expect(measured('What is the maximum number of transactions per second the chain can process?')).toEqual({ terms: ['transact'], all: true })
    // nothing named after the asking words: any of the question's other terms
    expect(measured('How long is my data stored?')).toEqual({ terms: ['data', 'store'], all: false })
  })
})

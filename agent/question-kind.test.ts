import { describe, it, expect } from 'vitest'
import { questionShape } from './question-kind.js'

describe('questionShape', () => {
  it('reads the kind of answer a question asks for', () => {
    expect(questionShape('What is a sector?').kind).toBe('definition')
    expect(questionShape('In Filecoin, what exactly is a sector?').kind).toBe('definition')
    expect(questionShape('What does DataCap mean?').kind).toBe('definition')
    expect(questionShape('How do I back up a Lotus miner?').kind).toBe('procedure')
    expect(questionShape("What's the easiest way to add Filecoin to MetaMask?").kind).toBe('procedure')
    expect(questionShape('How many attoFIL make up one FIL?').kind).toBe('quantity')
    expect(questionShape('What sector size did the Nerpanet testnet use?').kinds.has('quantity')).toBe(true)
    expect(questionShape('What annual interest rate do FIL lending pools pay?').kinds.has('quantity')).toBe(true)
    expect(questionShape('What was the longest that release could be postponed?').kinds.has('quantity')).toBe(true)
    expect(questionShape('How long does WaitSeed take?').kind).toBe('quantity')
    expect(questionShape('Why does Filecoin use 30-second blocks?').kind).toBe('reason')
    expect(questionShape('What is the difference between a hot wallet and a cold wallet?').kind).toBe('comparison')
    expect(questionShape('Where was Nosenko held?').kind).toBe('fact')
  })

  it('finds the subject of a definition question and every kind a question asks for', () => {
    const epoch = questionShape('What is an epoch on the Filecoin chain, and how long does one last?')
    expect(epoch.subject).toEqual(['epoch', 'filecoin', 'chain'])
    expect([...epoch.kinds]).toEqual(['definition', 'quantity'])
    expect(questionShape('What is a sector?').subject).toEqual(['sector'])
  })

  it('finds both sides of a comparison', () => {
    expect(questionShape('How do WinningPoSt and WindowPoSt differ?').sides).toEqual([['winningpost'], ['windowpost']])
    expect(questionShape('What is the difference between an f0 ID address and an f1 address?').sides).toEqual([['f0', '0', 'id', 'address'], ['f1', '1']])
    expect(questionShape('What is a piece CID vs root CID?').sides).toEqual([['piec', 'cid'], ['root']])
  })

  it('finds the asking sentence of a question that sets a scene first, and is not fooled by abbreviations', () => {
    expect(questionShape('A transaction I sent through ethers.js is stuck in the mempool. How do I replace it?').focus).toEqual(['replac'])
    expect(questionShape('I have a Lotus node. Why does it stop?').focus).toEqual(['stop'])
    // one sentence: no focus
    expect(questionShape('How do I replace a stuck transaction?').focus).toBeUndefined()
    // initials, titles and "U.S." do not end a sentence
    expect(questionShape('What did J. Lee Rankin ask at the U.S. Embassy in Paris?').focus).toBeUndefined()
    expect(questionShape('Which staff interviewed Sgt. Nicholas Stevenson?').focus).toBeUndefined()
    // an asking sentence with no words of its own adds no focus
    expect(questionShape('The deal failed. Why?').focus).toBeUndefined()
  })
})

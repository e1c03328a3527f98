import { describe, it, expect } from 'vitest'
import { checkSupport, isQuotedFrom } from './support-check.js'

const SECTORS = 'Sectors are the fundamental units of provable storage in Filecoin.'
const DEALS = 'A storage deal lasts at least 180 days, and a sector holds 32 GiB of client data.'
const PAYS = 'The client pays the storage provider for each deal.'
const LOTUS = 'Lotus is the reference implementation of the Filecoin protocol, written in Go.'

describe('checkSupport', () => {
  it('supports a faithful paraphrase of the quote', () => {
    const v = checkSupport('Sectors are the units of provable storage in Filecoin [1].', [SECTORS])
    expect(v.verdict).toBe('supported')
    expect(v.reasons).toEqual([])
  })

  it('catches a negation the quote does not have', () => {
    const v = checkSupport('Sectors are not units of provable storage [2].', [SECTORS])
    expect(v.verdict).toBe('unsupported')
    expect(v.reasons.join(' ')).toMatch(/negation mismatch/)
    expect(checkSupport("Sectors aren't the units of provable storage in Filecoin.", [SECTORS]).verdict).toBe('unsupported')
  })

  it('catches a negated quote stated positively', () => {
    const v = checkSupport('Retrieval deals are guaranteed by the protocol.', ['Retrieval deals are not guaranteed by the protocol.'])
    expect(v.verdict).toBe('unsupported')
    expect(v.reasons.join(' ')).toMatch(/quote negates/)
  })

  it('catches numbers, dates and quantities the quote does not contain', () => {
    expect(checkSupport('A storage deal lasts at least 540 days [1].', [DEALS]).reasons.join(' ')).toMatch(/"540 d" is not in the quote/)
    expect(checkSupport('A sector holds 32 TiB of client data.', [DEALS]).reasons.join(' ')).toMatch(/other units than tib/)
    expect(checkSupport('A storage deal lasts at least one hundred days.', [DEALS]).verdict).toBe('unsupported')
    expect(checkSupport('Mainnet launched in October 2020.', ['Mainnet launched in 2020.']).reasons.join(' ')).toMatch(/date "october"/)
    expect(checkSupport('A storage deal lasts at least 180 days.', [DEALS]).verdict).toBe('supported')
    expect(checkSupport('A storage deal lasts at least 1,000 days.', ['A storage deal lasts at least 1000 days.']).verdict).toBe('supported')
  })

  it('catches a swapped name', () => {
    const v = checkSupport('Boost is the reference implementation of the Filecoin protocol [1].', [LOTUS])
    expect(v.verdict).toBe('unsupported')
    expect(v.reasons.join(' ')).toMatch(/names swapped: the sentence says boost where the quote says lotus/)
  })

  it('catches reversed roles', () => {
    const v = checkSupport('The storage provider pays the client for each deal.', [PAYS])
    expect(v.verdict).toBe('unsupported')
    expect(v.reasons.join(' ')).toMatch(/roles swapped/)
    expect(checkSupport('The client pays the storage provider for each deal.', [PAYS]).verdict).toBe('supported')
    expect(checkSupport('The storage provider is paid by the client for each deal.', [PAYS]).verdict).not.toBe('unsupported')
  })

  it('catches a quote that does not support its sentence', () => {
    const v = checkSupport('Miners earn block rewards by mining Bitcoin with GPUs.', [SECTORS])
    expect(v.verdict).toBe('unsupported')
    expect(v.reasons.join(' ')).toMatch(/does not support the sentence/)
    expect(checkSupport('Sectors are units of provable storage and earn rewards for miners through consensus via block production.', [SECTORS]).verdict).toBe('partly')
  })

  it('catches a quotation stitched from different places', () => {
    const v = checkSupport('The docs say "a storage deal lasts at least 180 days in Filecoin" [1][2].', [DEALS, SECTORS])
    expect(v.verdict).toBe('unsupported')
    expect(v.reasons.join(' ')).toMatch(/stitched together from different places/)
    const invented = checkSupport('The docs say "deals are free forever for everyone".', [DEALS])
    expect(invented.reasons.join(' ')).toMatch(/is not in the quote/)
    expect(checkSupport('The docs say "a storage deal lasts at least 180 days".', [DEALS]).verdict).toBe('supported')
  })

  it('marks a name the quote lacks as partly supported when nothing competes with it', () => {
    const v = checkSupport('In Filecoin, a storage deal lasts at least 180 days.', [DEALS.replace('a sector holds', 'each sector holds')])
    expect(v.verdict).toBe('partly')
    expect(v.reasons.join(' ')).toMatch(/names not in the quote: filecoin/)
  })

  it('finds nothing to support with empty quotes', () => {
    expect(checkSupport('Sectors hold data.', ['']).verdict).toBe('unsupported')
  })
})

describe('isQuotedFrom', () => {
  it('accepts the words of one quote in order, with link targets dropped', () => {
    expect(isQuotedFrom('See Lotus for details. [1]', ['See [Lotus](https://lotus.filecoin.io) for details.'])).toBe(true)
    expect(isQuotedFrom('See Boost for details.', ['See [Lotus](https://lotus.filecoin.io) for details.'])).toBe(false)
    expect(isQuotedFrom('Sectors are units. Deals last.', [SECTORS, DEALS])).toBe(false)
  })

  it('supports a sentence without content terms only when the quote holds its words ("Yes.")', () => {
    expect(checkSupport('Yes.', ['Yes.']).verdict).toBe('supported')
    expect(checkSupport('Yes.', ['No.']).verdict).toBe('unsupported')
  })

  it('judges negation against the quote sentence the sentence restates, not a negation elsewhere in the quote', () => {
    const lite = 'A Lotus Lite node is a stripped down version of a Lotus full-node capable of running on lower-end hardware. It also allows for local signing for storage deals without a full Lotus node.'
    const v = checkSupport('A Lotus Lite node is a stripped down version of a Lotus full-node capable of running on lower-end hardware.', [lite])
    expect(v.verdict).toBe('supported')
    expect(v.checks.negation).toBe('pass')
    const nosenko = 'NOSENKO was a bona fide defector. He did not lie about his KGB career.'
    const forged = checkSupport('NOSENKO was not a bona fide defector.', [nosenko])
    expect(forged.verdict).toBe('unsupported')
    expect(forged.checks.negation).toBe('fail')
  })

  it('catches an antonym flip and reports each check', () => {
    const v = checkSupport('NOSENKO was a false defector.', ['NOSENKO was a bona fide defector.'])
    expect(v.verdict).toBe('unsupported')
    expect(v.checks).toMatchObject({ antonyms: 'fail', negation: 'pass', numbers: 'pass', dates: 'pass', entities: 'pass' })
    expect(v.reasons.join(' ')).toMatch(/antonym: the sentence says "false" where the quote says "bona fide"/)
    expect(checkSupport('Storage fees increase after a sector is sealed.', ['Storage fees decrease after a sector is sealed.']).checks.antonyms).toBe('fail')
  })

  it('catches a word swapped into a copied quote sentence, not a word added around it', () => {
    const v = checkSupport('A storage deal lasts at least 180 days, and a sector holds 32 GiB of provider data.', [DEALS])
    expect(v.checks.alterations).toBe('fail')
    expect(v.reasons.join(' ')).toMatch(/altered quotation: .*"provider"/)
    expect(checkSupport('In Filecoin, a storage deal lasts at least 180 days.', [DEALS]).checks.alterations).toBe('pass')
  })

  it('catches a "not" added to a sentence that already negates, and one excused only by a negation of other terms', () => {
    expect(checkSupport('No, the FEVM is not its own instance of the EVM built on top of Filecoin.', ['No, the FEVM is its own instance of the EVM built on top of Filecoin.']).checks.negation).toBe('fail')
    expect(checkSupport('Mainnet will not offer persistence guarantees.', ['No duration guarantees exist for Website or CLI. Mainnet will offer persistence guarantees.']).checks.negation).toBe('fail')
    // the same negated terms elsewhere in the quote do excuse it
    expect(checkSupport('Sending from an account with no previous activity fails.', ['Sending funds from an account with no previous activity on the chain will fail.']).checks.negation).toBe('pass')
  })
})

import { describe, it, expect } from 'vitest'
import { ENGLISH_STOPWORDS, tokenize } from './tokenize.js'

describe('tokenize', () => {
  it('lower-cases, drops stopwords and Porter-stems', () => {
    expect(tokenize('The miners are storing THEIR sealed sectors in the network')).toEqual(['miner', 'store', 'seal', 'sector', 'network'])
    expect(tokenize('Connections connected connecting')).toEqual(['connect', 'connect', 'connect'])
  })

  it('splits on anything but letters and digits, and drops possessive s', () => {
    expect(tokenize("Filecoin's FVM: eth_call/v1.2 (deals)")).toEqual(['filecoin', 'fvm', 'eth', 'call', 'v1', '2', 'deal'])
    expect(tokenize('the miner’s proofs')).toEqual(['miner', 'proof'])
  })

  it('is unicode aware', () => {
    expect(tokenize('Café NAÏVE Ωμέγα')).toEqual(['café', 'naïv', 'ωμέγα'])
    expect(tokenize('存储网络 ひらがな カタカナ 한국어')).toEqual(['存', '储', '网', '络', 'ひ', 'ら', 'が', 'な', 'カタカナ', '한국어'])
    expect(tokenize('ﬁle ＦＵＬＬ 💾')).toEqual(['file', 'full'])
  })

  it('uses the Lucene English stopword set', () => {
    expect(ENGLISH_STOPWORDS.size).toBe(33)
    expect(tokenize([...ENGLISH_STOPWORDS].join(' '))).toEqual([])
    expect(tokenize('')).toEqual([])
  })
})

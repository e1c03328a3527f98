import { describe, it, expect } from 'vitest'
import { ENGLISH_STOPWORDS, tokenize, wordTokens } from './tokenize.js'

describe('tokenize', () => {
  it('lower-cases, drops stopwords and Porter-stems', () => {
    expect(tokenize('The miners are storing THEIR sealed sectors in the network')).toEqual(['miner', 'store', 'seal', 'sector', 'network'])
    expect(tokenize('Connections connected connecting')).toEqual(['connect', 'connect', 'connect'])
  })

  it('splits on anything but letters and digits, and drops possessive s', () => {
    expect(tokenize("Filecoin's FVM: eth_call/v1.2 (deals)")).toEqual(['filecoin', 'fvm', 'eth', 'call', 'v1', 'v', '1', '2', 'deal'])
    expect(tokenize('the miner’s proofs')).toEqual(['miner', 'proof'])
  })

  it('keeps a token mixing letters and digits whole and also splits it into its runs', () => {
    expect(tokenize('IL6 p53')).toEqual(['il6', 'il', '6', 'p53', 'p', '53'])
    // so the joined and the hyphenated spellings share terms
    const shared = (a: string, b: string): string[] => tokenize(a).filter(t => tokenize(b).includes(t))
    expect(shared('IL6 signalling', 'IL-6 signalling')).toEqual(['il', '6', 'signal'])
    expect(shared('COVID19', 'COVID-19')).toEqual(['covid', '19'])
    // stopword runs are dropped, plain words and numbers are not split
    expect(tokenize('a1 2in1 12345 abc')).toEqual(['a1', '1', '2in1', '2', '1', '12345', 'abc'])
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

  it('takes another stopword list and a minimum length (digits always kept)', () => {
    expect(tokenize('what is a b2 x 7', { stopwords: new Set(['what']), minLength: 2 })).toEqual(['is', 'b2', '2', '7'])
    expect(wordTokens("The miner's IL-6 proofs")).toEqual(['the', 'miner', 'il', '6', 'proofs'])
  })
})

import { describe, it, expect } from 'vitest'
import { createLexicalIndex, loadLexicalIndex } from './lexical-index.js'
import { decodeLexicalFile, readLexicalHeader } from './lexical-file.js'

function small (): Uint8Array {
  const index = createLexicalIndex()
  index.add([
    { id: 0, text: 'storage deal market', context: 'Deals' },
    { id: 1, text: 'deal storage IL-6', context: 'Storage' },
    { id: 2, text: 'storage deal café 北京' },
    { id: 3, text: 'retrieval market' }
  ])
  return index.toBytes()
}

/** Load `bytes`: fine, or refused with InvalidIndexError; anything else fails the test */
function loadOrRefuse (bytes: Uint8Array): 'loaded' | 'refused' {
  try {
    loadLexicalIndex(bytes).search('storage deal market', 5)
    return 'loaded'
  } catch (err) {
    expect((err as Error).name, (err as Error).stack).toBe('InvalidIndexError')
    return 'refused'
  }
}

describe('lexical index file (format 4)', () => {
  it('starts with a JSON header line that says what follows', () => {
    const bytes = small()
    expect(readLexicalHeader(bytes)?.header).toEqual({
      format: 'quarry-lexical-index',
      version: 4,
      params: { k1: 1.2, b: 0.4, contextWeight: 1, bigramWeight: 0.2 },
      chunks: 4,
      sequentialIds: true,
      words: 9,
      // storag deal (chunks 0 and 2): the other pairs are in one chunk each
      pairs: 1,
      wordPostings: 14,
      pairPostings: 2,
      countBits: 16
    })
    expect(decodeLexicalFile(bytes).contents.words).toEqual(['storag', 'deal', 'market', 'il', '6', 'café', '北', '京', 'retriev'])
  })

  it('lists chunk ids that are not 0, 1, 2… and refuses ids it cannot write', () => {
    const index = createLexicalIndex()
    index.add([{ id: 9, text: 'storage' }, { id: 4, text: 'deal' }])
    const loaded = loadLexicalIndex(index.toBytes())
    expect(loaded.search('deal storage', 5).map(h => h.id)).toEqual([4, 9])
    const negative = createLexicalIndex()
    negative.add([{ id: -1, text: 'storage' }])
    expect(() => negative.toBytes()).toThrow(RangeError)
  })

  it('keeps counts above 65535 (32-bit counts)', () => {
    const index = createLexicalIndex()
    index.add([{ id: 0, text: 'seal '.repeat(70000) }, { id: 1, text: 'seal deal' }])
    const bytes = index.toBytes()
    expect(readLexicalHeader(bytes)?.header.countBits).toBe(32)
    expect(loadLexicalIndex(bytes).search('seal', 2)).toEqual(index.search('seal', 2))
  })

  it('refuses every truncation with InvalidIndexError', () => {
    const bytes = small()
    for (let n = 0; n < bytes.byteLength; n++) expect(loadOrRefuse(bytes.subarray(0, n)), `${n} bytes`).toBe('refused')
    expect(loadOrRefuse(bytes)).toBe('loaded')
    expect(loadOrRefuse(Uint8Array.from([...bytes, 0]))).toBe('refused')
  })

  it('refuses or survives any single mutated byte, never crashing', () => {
    const bytes = small()
    let seed = 3
    const rand = (): number => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32 }
    const outcomes = { loaded: 0, refused: 0 }
    for (let i = 0; i < 1500; i++) {
      const mutated = Uint8Array.from(bytes)
      const at = Math.floor(rand() * bytes.byteLength)
      mutated[at] = rand() < 0.5 ? Math.floor(rand() * 256) : (mutated[at] as number) ^ (1 << Math.floor(rand() * 8))
      outcomes[loadOrRefuse(mutated)]++
    }
    expect(outcomes.refused).toBeGreaterThan(500)
  })

  it('refuses headers whose counts the data cannot hold, before allocating them', () => {
    const bytes = small()
    const read = readLexicalHeader(bytes)
    const body = bytes.subarray(read?.end)
    const withHeader = (header: object): Uint8Array => Uint8Array.from([...new TextEncoder().encode(JSON.stringify(header) + '\n'), ...body])
    for (const change of [{ wordPostings: 2 ** 40 }, { chunks: 1e9 }, { words: -1 }, { pairs: 1.5 }, { countBits: 8 }, { params: null }, { params: { k1: '1.2', b: 0.4, contextWeight: 1 } }]) {
      expect(loadOrRefuse(withHeader({ ...read?.header, ...change })), JSON.stringify(change)).toBe('refused')
    }
  })
})

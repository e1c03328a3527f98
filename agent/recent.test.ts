import { describe, it, expect } from 'vitest'
import { recent } from './recent.js'

describe('recent', () => {
  it('computes once per key and drops the least recently used past the limit', () => {
    const cache = new Map<string, number>()
    let calls = 0
    const get = (k: string): number => recent(cache, k, 2, () => { calls++; return k.length })
    expect(get('a')).toBe(1)
    expect(get('bb')).toBe(2)
    expect(get('a')).toBe(1) // a hit: 'a' becomes the most recent
    expect(calls).toBe(2)
    get('ccc') // past the limit: 'bb', the least recently used, goes
    expect([...cache.keys()]).toEqual(['a', 'ccc'])
    get('bb')
    expect(calls).toBe(4)
  })
})

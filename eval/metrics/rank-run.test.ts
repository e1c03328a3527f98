import { describe, it, expect } from 'vitest'
import { rankRun } from './rank-run.js'

describe('rankRun', () => {
  it('sorts by score descending', () => {
    expect(rankRun({ a: 0.1, b: 0.9, c: 0.5 })).toEqual(['b', 'c', 'a'])
  })

  it('breaks ties by document id descending, as trec_eval does', () => {
    expect(rankRun({ d1: 1, d3: 1, d2: 1, top: 2 })).toEqual(['top', 'd3', 'd2', 'd1'])
  })

  it('returns nothing for an empty run', () => {
    expect(rankRun({})).toEqual([])
  })
})

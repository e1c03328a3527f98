import { describe, expect, it } from 'vitest'
import { compareOutcomes, signTest } from './compare-outcomes.js'

describe('compareOutcomes', () => {
  it('sign test: exact two-sided binomial tail', () => {
    expect(signTest(0, 0)).toBe(1)
    expect(signTest(3, 0)).toBeCloseTo(0.25, 10)
    expect(signTest(1, 1)).toBe(1)
    // 9 of 10 one way: 2 × (1 + 10) / 1024
    expect(signTest(9, 1)).toBeCloseTo(22 / 1024, 10)
    expect(signTest(1, 9)).toBeCloseTo(signTest(9, 1), 12)
  })

  it('counts each figure\'s flips over the questions both runs hold, by role', () => {
    const o = (id: string, role: 'answerable' | 'unanswerable' | 'offtopic' | 'generated', abstained: boolean, relevantCited: boolean): { id: string, set: string, role: typeof role, abstained: boolean, relevantCited: boolean } =>
      ({ id, set: 's', role, abstained, relevantCited })
    const before = new Map([o('a', 'answerable', true, false), o('b', 'answerable', false, true), o('u', 'unanswerable', false, false), o('g', 'generated', false, false)].map(x => [`s/${x.id}`, x]))
    const after = [o('a', 'answerable', false, true), o('b', 'answerable', false, false), o('u', 'unanswerable', true, false), o('g', 'generated', true, false), o('new', 'answerable', false, true)]
    const c = compareOutcomes(before, after)
    expect(c.shared).toBe(4)
    expect(c.relevantCited).toMatchObject({ gained: 1, lost: 1 })
    expect(c.answerableAbstained).toMatchObject({ gained: 0, lost: 1 })
    // a generated negative is not an unanswerable question
    expect(c.unanswerableAbstained).toMatchObject({ gained: 1, lost: 0 })
  })
})

import { describe, it, expect } from 'vitest'
import { fitPrompt } from './fit-prompt.js'

// one token per 4 characters: a stand-in for a tokenizer (plumbing only)
const count = (s: string): number => Math.ceil(s.length / 4)

describe('fitPrompt', () => {
  it('leaves a prompt that fits alone', () => {
    expect(fitPrompt('short prompt', { budget: 100, count })).toBe('short prompt')
  })

  it('cuts the head of a long prompt and keeps its tail (the question) within the budget', () => {
    const user = 'passage one. '.repeat(200) + 'Question: what is a sector?'
    const fitted = fitPrompt(user, { budget: 120, fixedTokens: 20, count, keepTail: 40 })
    expect(count(fitted)).toBeLessThanOrEqual(100)
    expect(fitted.endsWith('Question: what is a sector?')).toBe(true)
    expect(fitted.startsWith('passage one.')).toBe(true)
    expect(fitted).toContain('\n…\n')
  })
})

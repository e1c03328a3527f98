import { describe, it, expect } from 'vitest'
import { headingText } from './heading-text.js'

describe('headingText', () => {
  it('keeps the words of a heading and drops its markup', () => {
    expect(headingText('The **[FVM](https://fvm.dev)** `API` <!-- omit in toc -->')).toBe('The FVM API')
    expect(headingText('*Emphasis* and _more_, snake_case kept, <span>tags</span>, [ref][1]')).toBe('Emphasis and more, snake_case kept, tags, ref')
    expect(headingText('claim\\_bounty()   over\n two lines')).toBe('claim_bounty() over two lines')
  })
})

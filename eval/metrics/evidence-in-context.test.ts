import { describe, it, expect } from 'vitest'
import { evidenceInContext } from './evidence-in-context.js'

describe('evidenceInContext', () => {
  it('finds the evidence words in order inside one passage, markup and OCR line breaks aside', () => {
    expect(evidenceInContext('**Chain ID**: `314159`', ['Other text.', 'The calibration **Chain ID**: `314159` (for MetaMask)'])).toBe(true)
    expect(evidenceInContext('the inter-cepts were reported', ['so the inter-\n\ncepts were reported to HQ'])).toBe(true)
    expect(evidenceInContext('chain id 314159', ['chain id', '314159'])).toBe(false)
    expect(evidenceInContext('', ['anything'])).toBe(false)
  })
})

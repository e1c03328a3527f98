import { describe, it, expect } from 'vitest'
import { recordEngineOptions } from './rederive-page.js'
import type { DerivationRecord } from './derivation-record.js'

/** A record's engine and language, as far as recordEngineOptions reads them */
function record (engine: Partial<DerivationRecord['engine']>): DerivationRecord {
  return { engine: { name: 'tesseract.js', version: '7.0.0', coreVersion: '7.0.0', oem: 1, psm: 4, ...engine }, language: { code: 'eng', cid: 'x', source: 'y' } } as unknown as DerivationRecord
}

describe('recordEngineOptions', () => {
  it('reads a page again with the second look and corrections its record names, and without them for records made before they were settings', () => {
    const look = { below: 70, psm: 7, context: 1 }
    expect(recordEngineOptions(record({ corrections: ['stray-symbols', 'zero-in-capitals'], secondLook: look }))).toMatchObject({ psm: 4, corrections: ['stray-symbols', 'zero-in-capitals'], secondLook: look })
    expect(recordEngineOptions(record({ corrections: ['zero-in-capitals'] }))).toMatchObject({ corrections: ['zero-in-capitals'], secondLook: false })
    expect(recordEngineOptions(record({}))).toMatchObject({ corrections: [], secondLook: false })
  })
})

import { describe, it, expect } from 'vitest'
import { recordEngineOptions } from './rederive-page.js'
import { engineOf } from './derivation-record.js'
import { engineSettingsId, OCR_REVISION, type OcrEngineInfo } from './ocr-engine.js'
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

describe('OCR revision', () => {
  it('is named in the record and in the cache key, so a change of Quarry\'s OCR code is never read from another revision\'s cache', () => {
    const info: OcrEngineInfo = { name: 'tesseract.js', revision: OCR_REVISION, version: '7.0.0', coreVersion: '7.0.0', language: 'eng', languageDataCid: 'x', languageDataSource: 'y', oem: 1, psm: 4 }
    expect(engineOf(info).revision).toBe(OCR_REVISION)
    expect(engineSettingsId(info, {})).not.toBe(engineSettingsId({ ...info, revision: OCR_REVISION + 1 }, {}))
  })
})

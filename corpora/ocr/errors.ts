/**
 * Errors of OCR on import. Callers check `err.name` (stable), not
 * `instanceof`; `code` is a stable machine-readable string.
 *
 * @packageDocumentation
 */

/** The OCR engine or its language data cannot be loaded (e.g. `@tesseract.js-data/eng` is not installed) */
export class OcrEngineError extends Error {
  static override name = 'OcrEngineError'
  override name = 'OcrEngineError'
  code = 'ERR_OCR_ENGINE'
}

/** A derivation record or derivation DAG is malformed or does not match what it names */
export class DerivationError extends Error {
  static override name = 'DerivationError'
  override name = 'DerivationError'
  code = 'ERR_DERIVATION'
}

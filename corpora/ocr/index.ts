/**
 * The OCR room of corpora: reading scanned PDFs and images on import, with a
 * derivation record per page. Other folders import these names through
 * `corpora/index.ts`.
 *
 * @packageDocumentation
 */
export { DerivationError, OcrEngineError } from './errors.js'
export { pdfPageImages } from './pdf-page-images.js'
export type { PdfPageImage } from './pdf-page-images.js'
export { preprocessPage, pageToPng, DEFAULT_PREPROCESS } from './preprocess-page.js'
export type { PreprocessSteps } from './preprocess-page.js'
export { createOcrEngine } from './ocr-engine.js'
export type { OcrEngine, OcrEngineInfo, OcrPageResult, TextCorrection } from './ocr-engine.js'
export { DEFAULT_SECOND_LOOK } from './second-look.js'
export type { SecondLookSettings } from './second-look.js'
export { deriveCorpus } from './derive-corpus.js'
export type { DeriveCorpusOptions, DeriveCorpusResult, OcrProgressEvent } from './derive-corpus.js'
export { loadDerivation, readDerivationRoot } from './load-derivation.js'
export type { DerivedText } from './load-derivation.js'
export type { DerivationRecord, DerivationRoot, DerivedDocumentEntry } from './derivation-record.js'
export { ocrCacheDir } from './corpus-derivation.js'
export { checkDerivedPage } from './check-derived-page.js'
export type { DerivedPageClaim, DerivedPageCheck } from './check-derived-page.js'
export { ocrReport, DEFAULT_LOW_PAGE_CONFIDENCE } from './ocr-report.js'
export type { OcrDocumentReport } from './ocr-report.js'
export { rederivePage } from './rederive-page.js'
export type { RederivedPage } from './rederive-page.js'
export { editDistance } from './edit-distance.js'

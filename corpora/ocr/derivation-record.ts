import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { DerivationError } from './errors.js'
import type { LowConfidenceWord, OcrEngineInfo, TextCorrection } from './ocr-engine.js'
import type { SecondLookSettings } from './second-look.js'
import type { PreprocessSteps } from './preprocess-page.js'

/**
 * How one page of a derived text was made (dag-json; its CID is the record's
 * identity). Everything that decides the text is named, nothing about the run
 * (time, machine), so the same page, engine and settings give the same record.
 */
export interface DerivationRecord {
  type: 'quarry/ocr-page'
  version: 1
  /** The file the page belongs to: its CID inside the corpus DAG, its path, the 1-based page */
  source: { cid: CID, path: string, page: number }
  /**
   * The page image read: CID (raw, sha2-256) of its bytes, as a string (the
   * image is not stored twice: it is in the source file); for a PDF, where
   * those bytes sit in the PDF file. A PDF image stream other than a JPEG
   * (`application/x-pdf-image-stream`) also names its filters and the PDF
   * reader that decoded it (`decoder`, e.g. `pdf.js 4.6.82 (…)`)
   */
  pageImage: { cid: string, mediaType: string, width: number, height: number, byteStart?: number, byteEnd?: number, filters?: string[], decoder?: string }
  /** The engine and its settings; `dpi`, `parameters`, `corrections` and `secondLook` only when set, `revision` (Quarry's OCR code) absent from records made before it was recorded (see `OcrEngineInfo`) */
  engine: { name: string, revision?: number, version: string, coreVersion: string, oem: number, psm: number, dpi?: number, parameters?: Record<string, string>, corrections?: TextCorrection[], secondLook?: SecondLookSettings }
  /** Language data: code, CID (raw, sha2-256, as a string: not stored in the DAG) of the uncompressed `.traineddata`, package */
  language: { code: string, cid: string, source: string }
  /** Preprocessing steps and the library that ran them; `skewDegrees` is the skew found and removed */
  preprocessing: { steps: Required<PreprocessSteps>, library: string, skewDegrees: number }
  /** The derived text this page is part of, and the page's UTF-8 byte range in it */
  output: { text: CID, byteStart: number, byteEnd: number }
  /** Mean word confidence (0–100) and the words read with low confidence */
  confidence: number
  lowConfidenceWords: LowConfidenceWord[]
}

/** One document of a derivation: the derived text of a source file and the record of each OCR'd page */
export interface DerivedDocumentEntry {
  /** Path of the source file in the corpus */
  path: string
  /** CID of the source file */
  source: CID
  /** CID (raw, sha2-256) of the derived text's UTF-8 bytes */
  text: CID
  /** Pages of the derived text, 1-based, with their byte range; `record` is set for OCR'd pages (others come from the PDF's text layer) */
  pages: Array<{ page: number, byteStart: number, byteEnd: number, record?: CID }>
}

/** The root of a corpus's derivation DAG (dag-json) */
export interface DerivationRoot {
  type: 'quarry/derivations'
  version: 1
  /** The corpus the derived texts come from */
  corpus: CID
  /** Derived documents, in path order */
  documents: DerivedDocumentEntry[]
}

/** A block: its CID and bytes */
export interface Block { cid: CID, bytes: Uint8Array }

/** The dag-json multicodec code */
const DAG_JSON_CODE = 0x0129

/** dag-json loads with the first derivation block, not with corpora (read-only commands stay small) */
async function dagJson (): Promise<typeof import('@ipld/dag-json')> {
  return import('@ipld/dag-json')
}

/** Encode a dag-json value as a block */
export async function encodeDagJson (value: unknown): Promise<Block> {
  const bytes = (await dagJson()).encode(value)
  return { cid: CID.createV1(DAG_JSON_CODE, await sha256.digest(bytes)), bytes }
}

/** The raw (sha2-256) CID of some bytes: how page images and derived texts are named */
export async function rawCid (bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes))
}

/** Decode and check a dag-json block of the given type */
export async function decodeDagJson<T extends { type: string }> (bytes: Uint8Array, type: T['type']): Promise<T> {
  let value: unknown
  try {
    value = (await dagJson()).decode(bytes)
  } catch (err) {
    throw new DerivationError(`Not a dag-json ${type} block: ${(err as Error).message}`, { cause: err })
  }
  if (value == null || typeof value !== 'object' || (value as { type?: unknown }).type !== type) {
    throw new DerivationError(`Not a ${type} block`)
  }
  return value as T
}

/** The engine part of a record from the engine's info */
export function engineOf (info: OcrEngineInfo): DerivationRecord['engine'] {
  return {
    name: info.name,
    revision: info.revision,
    version: info.version,
    coreVersion: info.coreVersion,
    oem: info.oem,
    psm: info.psm,
    ...(info.dpi != null ? { dpi: info.dpi } : {}),
    ...(info.parameters != null ? { parameters: info.parameters } : {}),
    ...(info.corrections != null ? { corrections: info.corrections } : {}),
    ...(info.secondLook != null ? { secondLook: info.secondLook } : {})
  }
}

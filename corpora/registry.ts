import { InvalidCorpusNameError } from './errors.js'

/** A named corpus known to this Quarry home */
export interface CorpusEntry {
  name: string
  /** Root CID string */
  cid: string
  /** Where it came from: a folder, a CAR file, `fetch` (peers/gateways) */
  source: string
  files: number
  /** Documents loaded from the files (JSON records count one each) */
  documents?: number
  /** Files skipped as binary/unsupported */
  skipped?: number
  bytes: number
  addedAt: string
  /** Root CID of the corpus's derivation DAG (texts read by OCR from its scans, with a record per page), when it has scans */
  derivation?: string
  /** Pages read by OCR (with {@link CorpusEntry.derivation}) */
  ocrPages?: number
  /** Filecoin piece CID v2 of the CAR it was fetched as (`corpus fetch --piece`) */
  pieceCid?: string
  /** The IPNS or DNSLink name it was fetched by (`/ipns/…`), which `quarry corpus update` resolves again */
  ipns?: string
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/

/**
 * Validate a corpus name.
 *
 * @throws {InvalidCorpusNameError}
 */
export function checkCorpusName (name: string): string {
  if (!NAME.test(name)) {
    throw new InvalidCorpusNameError(`Corpus name "${name}" is not allowed: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`)
  }
  return name
}

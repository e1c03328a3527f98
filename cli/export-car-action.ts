import { computePieceCid, type PieceInfo } from '../corpora/index.js'
import { formatBytes, printJson } from './format.js'
import type { CID } from 'multiformats/cid'

/** Flags shared by `quarry corpus export` and `quarry index export` */
export interface ExportFlags {
  piece?: boolean
  json?: boolean
}

/**
 * Print the result of a CAR export, computing the Filecoin piece CID and
 * padded piece size of the written CAR when `--piece` is set.
 */
export async function reportExport (kind: 'corpus' | 'index', cid: CID, out: string, bytes: number, flags: ExportFlags): Promise<PieceInfo | undefined> {
  const piece = flags.piece === true ? await computePieceCid(out) : undefined
  if (flags.json === true) {
    printJson({ [kind]: cid.toString(), car: out, bytes, ...(piece != null ? { piece } : {}) })
    return piece
  }
  process.stdout.write(`${out}\n`)
  if (piece != null) {
    process.stdout.write(`piece CID:  ${piece.pieceCid}\n`)
    process.stdout.write(`CommP (v1): ${piece.commP}\n`)
    process.stdout.write(`piece size: ${piece.paddedSize} (padded; CAR payload ${piece.payloadSize} bytes)\n`)
  }
  process.stderr.write(`exported ${kind} ${cid.toString()} (${formatBytes(bytes)})\n`)
  return piece
}

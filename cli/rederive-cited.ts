import { CID } from 'multiformats/cid'
import { createOcrEngine, rederivePage, type RederivedPage, type VerifiedBlocks } from '../corpora/index.js'
import type { AnswerVerification } from '../agent/index.js'

/** `verify --rederive`: re-run OCR on each page cited through a derivation record (once per record) */
export async function rederiveCited (blocks: VerifiedBlocks, v: AnswerVerification): Promise<RederivedPage[]> {
  const records = [...new Set(v.citations.flatMap(c => c.derivation != null ? [c.derivation.recordCid] : []))]
  if (records.length === 0) return []
  const engine = await createOcrEngine({ workers: 1 })
  try {
    const out: RederivedPage[] = []
    for (const r of records) out.push(await rederivePage(blocks, CID.parse(r), { engine }))
    return out
  } finally {
    await engine.close()
  }
}

/** The `--rederive` lines of `quarry verify` */
export function formatRederived (pages: RederivedPage[]): string {
  if (pages.length === 0) return '\nrederive: no cited text was read by OCR\n'
  const lines = ['', 'rederive (OCR re-run on the cited pages):']
  for (const p of pages) {
    const result = p.identical ? '✓ identical text' : p.sameEngine ? `✗ differs (edit distance ${p.editDistance}) with the same engine` : `~ edit distance ${p.editDistance} (another engine: ${p.engineDifferences.join('; ')})`
    lines.push(`  ${p.path} p. ${p.page}: ${result}  record ${p.recordCid}`)
  }
  return lines.join('\n') + '\n'
}

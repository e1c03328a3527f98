import { Command } from 'commander'
import { CID } from 'multiformats/cid'
import { DEFAULT_LOW_PAGE_CONFIDENCE, ocrReport } from '../corpora/index.js'
import { printJson, table } from './format.js'
import { withNode, type GlobalOptions } from './context.js'
import { sharedOption } from './options.js'
import { stripTerminalControls } from './strip-terminal-controls.js'

/** `quarry corpus show <corpus>`: the registry entry and, for scans read by OCR, each document's pages, mean confidence and low-confidence pages */
export function corpusShowCommand (): Command {
  return new Command('show')
    .description('show a corpus: its entry and, for scans read by OCR, the pages read, mean confidence and the pages to distrust')
    .argument('<corpus>', 'corpus name or CID')
    .option('--min-confidence <n>', `list OCR'd pages under this mean word confidence, 0-100 (default ${DEFAULT_LOW_PAGE_CONFIDENCE})`)
    .addOption(sharedOption('json'))
    .action(async (ref: string, opts: { minConfidence?: string, json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      const threshold = opts.minConfidence != null ? Number(opts.minConfidence) : DEFAULT_LOW_PAGE_CONFIDENCE
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) throw new Error(`--min-confidence must be a number from 0 to 100, not "${opts.minConfidence ?? ''}"`)
      await withNode(g, async ({ corpora, node }, signal) => {
        const { cid, entry } = await corpora.resolve(ref)
        const documents = entry?.derivation != null ? await ocrReport(node.blocks.get, CID.parse(entry.derivation), { threshold, signal }) : []
        if (opts.json === true) return printJson({ cid: cid.toString(), entry, threshold, ocr: documents })
        const lines = [`corpus ${entry?.name ?? cid.toString()}  ${cid.toString()}`]
        if (entry != null) lines.push(`${entry.files} files, ${entry.documents ?? '?'} documents, source ${stripTerminalControls(entry.source)}`)
        if (entry?.derivation == null) {
          lines.push('no scans read by OCR')
        } else {
          lines.push(`derivation ${entry.derivation}: ${documents.reduce((n, d) => n + d.ocrPages, 0)} pages read by OCR (${documents[0]?.engine ?? ''}); pages under ${threshold}% confidence are listed`, '')
          lines.push(table(['DOCUMENT', 'PAGES', 'OCR', 'MEAN CONF', 'LOW-CONFIDENCE PAGES'], documents.map(d => [
            stripTerminalControls(d.path), String(d.pages), String(d.ocrPages), d.meanConfidence.toFixed(1),
            d.lowPages.length === 0 ? '-' : d.lowPages.map(p => `p. ${p.page} (${p.confidence.toFixed(0)}%, ${p.lowWords} words)`).join(', ')
          ])))
        }
        process.stdout.write(lines.join('\n') + '\n')
      })
    })
}

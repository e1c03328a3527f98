import { Command } from 'commander'
import { parseCid, type CorporaProgressEvent } from '../corpora/index.js'
import { withNode, type GlobalOptions } from './context.js'
import { reportExport, type ExportFlags } from './export-car-action.js'
import { printJson } from './format.js'
import { createProgress } from './progress.js'
import type { IndexEntry } from '../indexes/index.js'

function blockProgress (title: string, quiet: boolean): { onProgress: (e: CorporaProgressEvent) => void, stop: () => void } {
  const bar = createProgress(title, { quiet })
  return {
    onProgress: (e) => {
      if (e.type === 'corpora:import-car:block' || e.type === 'corpora:fetch:block') bar.update(e.blocks, undefined, 'blocks')
    },
    stop: () => bar.stop()
  }
}

function printEntry (verb: string, entry: IndexEntry, json: boolean): void {
  if (json) return printJson(entry)
  process.stdout.write(`${entry.cid}\n`)
  process.stderr.write(`${verb} index of ${entry.corpusName ?? entry.corpusCid}: ${entry.chunks} chunks, embedder ${entry.embedder}\n`)
}

/** Parse `--timeout <seconds>` into milliseconds */
export function timeoutMs (value: string): number {
  const s = Number(value)
  if (!Number.isFinite(s) || s <= 0) throw new Error(`--timeout must be a positive number of seconds, got "${value}"`)
  return s * 1000
}

/** `quarry index export|import|fetch`: move indexes between homes as CARs or over the network */
export function indexTransferCommands (): Command[] {
  const exportCmd = new Command('export')
    .description('export an index DAG to a CAR file')
    .argument('<index>', 'index CID, or a corpus name (its newest index)')
    .argument('<out>', 'output .car file')
    .option('--piece', 'also print the Filecoin piece CID (CommP) and padded piece size of the CAR')
    .option('--json', 'print JSON')
    .action(async (ref: string, out: string, opts: ExportFlags, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ indexes }) => {
        const cid = (await indexes.find(ref)) ?? parseCid(ref)
        const bytes = await indexes.exportCar(cid, out)
        await reportExport('index', cid, out, bytes, opts)
      })
    })

  const importCmd = new Command('import')
    .description('import an index from a CAR file (every block verified first), pin and register it')
    .argument('<file.car>', 'CAR file with one root: the index directory')
    .option('--json', 'print the registry entry as JSON')
    .action(async (file: string, opts: { json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ indexes }) => {
        const p = blockProgress('importing', opts.json === true)
        try {
          const entry = await indexes.importCar(file, { onProgress: p.onProgress })
          p.stop()
          printEntry('imported', entry, opts.json === true)
        } finally {
          p.stop()
        }
      })
    })

  const fetchCmd = new Command('fetch')
    .description('fetch an index by CID from peers (--peer) or trustless gateways (--gateway), verifying every block, and pin it')
    .argument('<cid>', 'index CID')
    .option('--timeout <seconds>', 'give up after this many seconds', '120')
    .option('--json', 'print the registry entry as JSON')
    .action(async (cidText: string, opts: { timeout: string, json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      const cid = parseCid(cidText)
      const ms = timeoutMs(opts.timeout)
      await withNode(g, async ({ indexes }) => {
        const p = blockProgress('fetching', opts.json === true)
        try {
          const entry = await indexes.fetch(cid, { timeoutMs: ms, onProgress: p.onProgress })
          p.stop()
          printEntry('fetched', entry, opts.json === true)
        } finally {
          p.stop()
        }
      })
    })
  return [exportCmd, importCmd, fetchCmd]
}

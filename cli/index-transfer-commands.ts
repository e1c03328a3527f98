import { Command } from 'commander'
import { parseCid } from '../corpora/index.js'
import { timeoutMs, withNode, type GlobalOptions } from './context.js'
import { exportCarCommand } from './export-car-action.js'
import { printJson } from './format.js'
import { corporaProgress } from './corpora-progress.js'
import type { IndexEntry } from '../indexes/index.js'

function printEntry (verb: string, entry: IndexEntry, json: boolean): void {
  if (json) return printJson(entry)
  process.stdout.write(`${entry.cid}\n`)
  process.stderr.write(`${verb} index of ${entry.corpusName ?? entry.corpusCid}: ${entry.chunks} chunks, embedder ${entry.embedder}\n`)
}

/** `quarry index export|import|fetch`: move indexes between homes as CARs or over the network */
export function indexTransferCommands (): Command[] {
  const exportCmd = exportCarCommand({
    kind: 'index',
    refHelp: 'index CID, or a corpus name (its newest index)',
    resolve: async ({ indexes }, ref) => (await indexes.find(ref)) ?? parseCid(ref),
    exportCar: async ({ indexes }, cid, out) => indexes.exportCar(cid, out)
  })

  const importCmd = new Command('import')
    .description('import an index from a CAR file (every block verified first), pin and register it')
    .argument('<file.car>', 'CAR file with one root: the index directory')
    .option('--json', 'print the registry entry as JSON')
    .action(async (file: string, opts: { json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ indexes, settings }) => {
        const p = corporaProgress('importing', { quiet: opts.json === true, intervalMs: settings.progressIntervalMs })
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
      await withNode(g, async ({ indexes, settings }) => {
        const p = corporaProgress('fetching', { quiet: opts.json === true, intervalMs: settings.progressIntervalMs })
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

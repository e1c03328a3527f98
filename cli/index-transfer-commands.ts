import { Command } from 'commander'
import { InvalidCarError, parseCid } from '../corpora/index.js'
import type { CID } from 'multiformats/cid'
import { collect, timeoutMs, withNode, type GlobalOptions } from './context.js'
import { withPieceDownload } from './piece-download.js'
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
    .description('fetch an index by CID from peers (--peer), trustless gateways (--gateway) or providers a routing endpoint lists (--routing), verifying every block, and pin it; or its CAR by Filecoin piece CID (--piece)')
    .argument('[cid]', 'index CID (optional with --piece)')
    .option('--piece <pieceCid>', 'fetch the index CAR from {provider}/piece/{pieceCid} (piece CID v2), hashed while it streams; a mismatch is refused before anything is stored')
    .option('--provider <url>', 'storage provider serving /piece/ for --piece (repeatable; default: the providers --routing lists for the piece CID)', collect)
    .option('--timeout <seconds>', 'give up after this many seconds (with --piece: of silence from the provider)', '120')
    .option('--json', 'print the registry entry as JSON')
    .action(async (cidText: string | undefined, opts: { piece?: string, provider?: string[], timeout: string, json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      if (cidText == null && opts.piece == null) throw new Error('quarry index fetch needs an index CID, or --piece <pieceCid>')
      const cid = cidText != null ? parseCid(cidText) : undefined
      const ms = timeoutMs(opts.timeout)
      await withNode(g, async (ctx, signal) => {
        const { indexes, settings } = ctx
        if (opts.piece != null) {
          const piece = opts.piece
          return withPieceDownload(ctx, { piece, provider: opts.provider, json: opts.json }, ms, signal, async ({ file, root }) => {
            if (cid != null && root !== cid.toString()) throw new InvalidCarError(`piece ${piece} holds ${root}, not the index ${cid.toString()} asked for: nothing imported`)
            printEntry('fetched', await indexes.importCar(file, { signal }), opts.json === true)
          })
        }
        const p = corporaProgress('fetching', { quiet: opts.json === true, intervalMs: settings.progressIntervalMs })
        try {
          const entry = await indexes.fetch(cid as CID, { timeoutMs: ms, onProgress: p.onProgress })
          p.stop()
          printEntry('fetched', entry, opts.json === true)
        } finally {
          p.stop()
        }
      })
    })
  return [exportCmd, importCmd, fetchCmd]
}

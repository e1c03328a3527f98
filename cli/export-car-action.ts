import { Command } from 'commander'
import { computePieceCid, type PieceInfo } from '../corpora/index.js'
import { withNode, type CliContext, type GlobalOptions } from './context.js'
import { formatBytes, printJson } from './format.js'
import type { CID } from 'multiformats/cid'

/** Flags shared by `quarry corpus export` and `quarry index export` */
export interface ExportFlags {
  piece?: boolean
  json?: boolean
}

/** What `quarry corpus export` and `quarry index export` differ in */
export interface ExportCarCommandOptions {
  kind: 'corpus' | 'index'
  /** What the `<ref>` argument may be */
  refHelp: string
  /** Find the DAG root a reference names */
  resolve: (ctx: CliContext, ref: string) => Promise<CID>
  /** Write that DAG to a CAR file, returning its size in bytes */
  exportCar: (ctx: CliContext, cid: CID, out: string) => Promise<number>
}

/** The `export <ref> <out.car> [--piece] [--json]` command of `quarry corpus` and `quarry index` */
export function exportCarCommand (options: ExportCarCommandOptions): Command {
  return new Command('export')
    .description(`export ${options.kind === 'corpus' ? 'a corpus' : 'an index'} DAG to a CAR file`)
    .argument(`<${options.kind}>`, options.refHelp)
    .argument('<out>', 'output .car file')
    .option('--piece', 'also print the Filecoin piece CID (CommP) and padded piece size of the CAR')
    .option('--json', 'print JSON')
    .action(async (ref: string, out: string, flags: ExportFlags, command: Command) => {
      await withNode(command.optsWithGlobals<GlobalOptions>(), async (ctx) => {
        const cid = await options.resolve(ctx, ref)
        const bytes = await options.exportCar(ctx, cid, out)
        await reportExport(options.kind, cid, out, bytes, flags)
      })
    })
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

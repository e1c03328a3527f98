import { Command } from 'commander'
import { InvalidCarError, InvalidCidError, InvalidNetworkConfigError, isMutableName, parseCid, resolveName, type AddedCorpus } from '../corpora/index.js'
import { corpusPublishCommand, corpusUpdateCommand } from './corpus-name-commands.js'
import type { CID } from 'multiformats/cid'
import { CATALOGUE } from '../session/index.js'
import { corporaProgress } from './corpora-progress.js'
import { formatBytes, printJson, table } from './format.js'
import { cliSettings, collect, withNode, positiveInt, timeoutMs, type GlobalOptions } from './context.js'
import { withPieceDownload } from './piece-download.js'
import { sharedOption } from './options.js'
import { stripTerminalControls } from './strip-terminal-controls.js'
import { exportCarCommand } from './export-car-action.js'
import { corpusShowCommand } from './corpus-show-command.js'

/** `quarry corpus …` */
export function corpusCommand (): Command {
  const cmd = new Command('corpus').description('import, fetch, list and export corpora (UnixFS DAGs in the local Helia node)')

  cmd.command('add')
    .description('import a local folder or CAR file, pin it, and print its root CID')
    .argument('<source>', 'folder or .car file')
    .option('--name <name>', 'registry name (default: folder or file name)')
    .option('--no-ocr', 'do not read scanned PDF pages and images by OCR')
    .option('--ocr-workers <n>', 'OCR worker threads (default: one per core)')
    .addOption(sharedOption('json', 'print the registry entry as JSON'))
    .action(async (source: string, opts: { name?: string, json?: boolean, ocr?: boolean, ocrWorkers?: string }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ corpora, settings }, signal) => {
        const p = corporaProgress('importing', { quiet: opts.json === true, intervalMs: settings.progressIntervalMs })
        try {
          const ocr = { ocr: opts.ocr !== false, ...(opts.ocrWorkers != null ? { ocrWorkers: positiveInt('--ocr-workers', opts.ocrWorkers) } : {}) }
          const entry = await corpora.add(source, { name: opts.name, onProgress: p.onProgress, signal, ...ocr })
          p.stop()
          if (opts.json === true) return printJson(entry)
          process.stdout.write(`${entry.cid}\n`)
          process.stderr.write(`added ${entry.name}: ${entry.files} files, ${entry.documents ?? 0} documents, ${formatBytes(entry.bytes)}${entry.skipped ? `, ${entry.skipped} skipped (binary/unsupported)` : ''}\n`)
          if (entry.derivation != null) process.stderr.write(`read ${entry.ocrPages ?? 0} scanned pages by OCR: derivation ${entry.derivation} (\`quarry corpus show ${entry.name}\` lists their confidence)\n`)
          if (entry.previousCid != null) process.stderr.write(`moved ${entry.name}: ${entry.previousCid} → ${entry.cid} (searches of "${entry.name}" now use the new corpus; its index is built on first use)\n`)
        } finally {
          p.stop()
        }
      })
    })

  cmd.command('fetch')
    .description('pull a whole corpus DAG from peers (bitswap), trustless gateways or providers a routing endpoint lists, verifying every block; or a CAR by its Filecoin piece CID (--piece)')
    .argument('[cid]', 'corpus root CID, or a name: /ipns/<key> or /ipns/<DNSLink domain> (remembered, for `quarry corpus update`); optional with --piece')
    .option('--name <name>', 'registry name (default: the CID)')
    .option('--piece <pieceCid>', 'fetch the corpus CAR from {provider}/piece/{pieceCid} (piece CID v2, bafkzcib…), hashed while it streams; a mismatch is refused before anything is stored')
    .option('--provider <url>', 'storage provider serving /piece/ for --piece (repeatable; default: the providers --routing lists for the piece CID)', collect)
    .option('--timeout <seconds>', 'give up after this many seconds (with --piece: of silence from the provider)', '120')
    .option('--max-bytes <n>', 'refuse a corpus larger than this many bytes (default: $QUARRY_FETCH_MAX_BYTES, else 16 GiB)')
    .option('--max-blocks <n>', 'refuse a corpus with more blocks than this (default: $QUARRY_FETCH_MAX_BLOCKS, else 1000000)')
    .addOption(sharedOption('json', 'print the registry entry as JSON'))
    .action(async (cidText: string | undefined, opts: { name?: string, piece?: string, provider?: string[], timeout: string, maxBytes?: string, maxBlocks?: string, json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      if (cidText == null && opts.piece == null) throw new Error('quarry corpus fetch needs a corpus CID, or --piece <pieceCid>')
      const named = cidText != null && isMutableName(cidText) ? cidText : undefined
      const cid = cidText != null && named == null ? parseCid(cidText) : undefined
      const ms = timeoutMs(opts.timeout)
      const settings = cliSettings(g, {
        ...(opts.maxBytes != null ? { fetchMaxBytes: positiveInt('--max-bytes', opts.maxBytes) } : {}),
        ...(opts.maxBlocks != null ? { fetchMaxBlocks: positiveInt('--max-blocks', opts.maxBlocks) } : {})
      })
      const report = (verb: string, entry: AddedCorpus): void => {
        if (opts.json === true) return printJson(entry)
        process.stdout.write(`${entry.cid}\n`)
        process.stderr.write(`${verb} ${entry.name}: ${entry.files} files, ${entry.documents ?? 0} documents, ${formatBytes(entry.bytes)}${entry.pieceCid != null ? `, piece ${entry.pieceCid}` : ''}\n`)
        if (entry.previousCid != null) process.stderr.write(`moved ${entry.name}: ${entry.previousCid} → ${entry.cid}\n`)
      }
      await withNode(g, async (ctx, signal) => {
        if (opts.piece != null) {
          const piece = opts.piece
          return withPieceDownload(ctx, { piece, provider: opts.provider, json: opts.json }, ms, signal, async ({ file, root, provider }) => {
            if (cid != null && root !== cid.toString()) throw new InvalidCarError(`piece ${piece} holds ${root}, not the corpus ${cid.toString()} asked for: nothing imported`)
            report('fetched', await ctx.corpora.add(file, { name: opts.name ?? root, pieceCid: piece, source: `piece ${provider}`, signal }))
          })
        }
        let target = cid
        let ipns: string | undefined
        if (named != null) {
          // resolving a name is network use (routing endpoint, DNS): only when the user opted in
          if (!ctx.node.online) throw new InvalidNetworkConfigError(`resolving ${named} needs the network: pass --routing <url> (IPNS records and providers), or --gateway/--peer with QUARRY_DNS_RESOLVERS for DNSLink`)
          const node = await ctx.node.start()
          const resolved = await resolveName(node.helia, named, { dnsResolvers: node.network.dnsResolvers.map(String), signal })
          if (resolved.path !== '') throw new InvalidCidError(`${resolved.name} names ${resolved.cid.toString()}/${resolved.path}: a path inside a DAG is not a corpus root; fetch /ipfs/${resolved.cid.toString()} or publish the folder's own CID`)
          if (opts.json !== true) process.stderr.write(`resolved ${resolved.name} → ${resolved.cid.toString()} (${resolved.via})\n`)
          target = resolved.cid
          ipns = resolved.name
        }
        const p = corporaProgress('fetching', { quiet: opts.json === true, intervalMs: settings.progressIntervalMs })
        try {
          const entry = await ctx.corpora.fetch(target as CID, { name: opts.name ?? ipns?.slice('/ipns/'.length), ...(ipns != null ? { ipns } : {}), timeoutMs: ms, ...settings.fetchLimits, onProgress: p.onProgress })
          p.stop()
          report('fetched', entry)
        } finally {
          p.stop()
        }
      }, settings)
    })

  cmd.addCommand(corpusUpdateCommand())
  cmd.addCommand(corpusPublishCommand())

  cmd.command('rm')
    .description('forget a corpus name and unpin its DAG (unless another name points at it); `quarry gc` then frees the blocks')
    .argument('<name>', 'corpus name')
    .action(async (name: string, _opts: unknown, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ corpora }) => {
        const removed = await corpora.remove(name)
        process.stderr.write(`removed ${removed.name} (${removed.cid}); run \`quarry gc\` to free its blocks\n`)
      })
    })

  cmd.command('list')
    .description('list known corpora')
    .addOption(sharedOption('json'))
    .action(async (opts: { json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ corpora }) => {
        const entries = await corpora.list()
        if (opts.json === true) return printJson({ corpora: entries, catalogue: CATALOGUE })
        if (entries.length === 0) {
          process.stdout.write('no corpora yet: add one with `quarry corpus add <folder>`\n')
        } else {
          process.stdout.write(table(['NAME', 'CID', 'DOCUMENTS', 'SIZE', 'SOURCE'],
            entries.map(e => [e.name, e.cid, String(e.documents ?? '?'), formatBytes(e.bytes), e.source])) + '\n')
        }
        process.stdout.write('\ncatalogue:\n' + table(['NAME', 'CID', 'LICENSE', 'DESCRIPTION'],
          CATALOGUE.map(c => [c.name, c.cid ?? '-', c.license, c.description])) + '\n')
      })
    })

  cmd.addCommand(corpusShowCommand())

  cmd.command('ls')
    .description('list the files of a corpus')
    .argument('<corpus>', 'corpus name or CID')
    .addOption(sharedOption('json', 'print JSON lines'))
    .action(async (ref: string, opts: { json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ corpora }) => {
        const { cid } = await corpora.resolve(ref)
        for await (const f of corpora.files(cid)) {
          process.stdout.write(opts.json === true
            ? JSON.stringify({ path: f.path, cid: f.cid.toString(), size: f.size }) + '\n'
            : stripTerminalControls(`${f.cid.toString()}  ${String(f.size).padStart(9)}  ${f.path}\n`))
        }
      })
    })

  cmd.addCommand(exportCarCommand({
    kind: 'corpus',
    refHelp: 'corpus name or CID',
    resolve: async ({ corpora }, ref) => (await corpora.resolve(ref)).cid,
    exportCar: async ({ corpora }, cid, out) => corpora.exportCar(cid, out)
  }))

  return cmd
}

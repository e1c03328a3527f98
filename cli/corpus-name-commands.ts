import { Command } from 'commander'
import { diffCorpusFiles, InvalidNetworkConfigError, parseCid, publishName, resolveName, type CorpusDiff } from '../corpora/index.js'
import { readManifest } from '../indexes/index.js'
import { cliSettings, positiveInt, timeoutMs, withNode, type CliContext, type GlobalOptions } from './context.js'
import { printJson } from './format.js'
import { indexProgress } from './index-progress.js'
import { stripTerminalControls } from './strip-terminal-controls.js'
import type { CID } from 'multiformats/cid'

/** The update report as `--json` prints it */
interface UpdateReport {
  corpus: string
  name: string
  from: string
  to: string
  added: Array<{ path: string, cid: string }>
  removed: Array<{ path: string, cid: string }>
  changed: Array<{ path: string, from: string, to: string }>
  unchanged: number
  index?: { cid: string, chunks: number, embeddingsReused: number, computed: number }
}

function reportOf (corpus: string, name: string, from: string, to: string, diff: CorpusDiff): UpdateReport {
  return {
    corpus,
    name,
    from,
    to,
    added: diff.added.map(f => ({ path: f.path, cid: f.cid.toString() })),
    removed: diff.removed.map(f => ({ path: f.path, cid: f.cid.toString() })),
    changed: diff.changed.map(f => ({ path: f.path, from: f.from.toString(), to: f.to.toString() })),
    unchanged: diff.unchanged
  }
}

function printReport (r: UpdateReport): void {
  for (const f of r.added) process.stdout.write(stripTerminalControls(`added    ${f.path}  ${f.cid}\n`))
  for (const f of r.removed) process.stdout.write(stripTerminalControls(`removed  ${f.path}  ${f.cid}\n`))
  for (const f of r.changed) process.stdout.write(stripTerminalControls(`changed  ${f.path}  ${f.from} → ${f.to}\n`))
  process.stderr.write(`updated ${r.corpus} from ${r.name}: ${r.from} → ${r.to}: ${r.added.length} added, ${r.removed.length} removed, ${r.changed.length} changed, ${r.unchanged} unchanged\n`)
}

/** Rebuild the newest index of the corpus (as it was before the update) for its new version with the same embedder and parameters, reusing embeddings by chunk CID */
async function rebuildIndex (ctx: CliContext, corpus: string, previous: CID, quiet: boolean, signal: AbortSignal): Promise<UpdateReport['index']> {
  const manifest = await readManifest(ctx.node.blocks.fs, previous, { offline: true, signal })
  const embedder = await ctx.embedder(undefined, manifest.embedder.id)
  const progress = indexProgress(quiet, { intervalMs: ctx.settings.progressIntervalMs })
  try {
    // same chunking and HNSW parameters as the index it replaces, so unchanged chunks keep their CIDs and embeddings
    const { cid, manifest: m, stats } = await ctx.indexes.build(corpus, {
      embedder,
      chunk: { chunkSize: manifest.chunker.chunkSize, chunkOverlap: manifest.chunker.chunkOverlap, minChunkChars: manifest.chunker.minChunkChars },
      hnsw: { m: manifest.hnsw.m, efConstruction: manifest.hnsw.efConstruction, ef: manifest.hnsw.ef },
      onProgress: progress.onProgress,
      signal
    })
    return { cid: cid.toString(), chunks: m.counts.chunks, embeddingsReused: stats.embeddingsReused, computed: m.counts.chunks - stats.embeddingsReused }
  } finally {
    progress.stop()
  }
}

/** `quarry corpus update <corpus>`: resolve its IPNS/DNSLink name again, fetch the new version, report what changed, rebuild its index */
export function corpusUpdateCommand (): Command {
  return new Command('update')
    .description('resolve the IPNS or DNSLink name a corpus was fetched by, fetch its new version, print the documents added, removed and changed (path and CID), and rebuild its index reusing embeddings by chunk CID')
    .argument('<corpus>', 'corpus name')
    .option('--timeout <seconds>', 'give up fetching after this many seconds', '120')
    .option('--no-index', 'do not rebuild the index')
    .option('--max-bytes <n>', 'refuse a corpus larger than this many bytes (default: $QUARRY_FETCH_MAX_BYTES, else 16 GiB)')
    .option('--json', 'print the update report as JSON')
    .action(async (ref: string, opts: { timeout: string, index: boolean, maxBytes?: string, json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      const ms = timeoutMs(opts.timeout)
      const settings = cliSettings(g, opts.maxBytes != null ? { fetchMaxBytes: positiveInt('--max-bytes', opts.maxBytes) } : {})
      await withNode(g, async (ctx, signal) => {
        const { entry } = await ctx.corpora.resolve(ref, { signal })
        if (entry?.ipns == null) throw new InvalidNetworkConfigError(`corpus ${ref} was not fetched by an IPNS or DNSLink name, so it has nothing to update from: fetch it with \`quarry corpus fetch /ipns/<name>\``)
        if (!ctx.node.online) throw new InvalidNetworkConfigError(`updating ${entry.name} resolves ${entry.ipns} again, which needs the network: pass --routing <url> (or --gateway/--peer)`)
        const node = await ctx.node.start()
        const resolved = await resolveName(node.helia, entry.ipns, { dnsResolvers: node.network.dnsResolvers.map(String), signal })
        if (resolved.cid.toString() === entry.cid) {
          if (opts.json === true) return printJson({ corpus: entry.name, name: entry.ipns, from: entry.cid, to: entry.cid, added: [], removed: [], changed: [], unchanged: entry.files })
          process.stderr.write(`${entry.name} is up to date: ${entry.ipns} still names ${entry.cid}\n`)
          return
        }
        const previousIndex = await ctx.indexes.find(entry.name)
        const updated = await ctx.corpora.fetch(resolved.cid, { name: entry.name, ipns: entry.ipns, timeoutMs: ms, ...settings.fetchLimits, signal })
        const before = parseCid(entry.cid)
        const report = reportOf(entry.name, entry.ipns, entry.cid, updated.cid, await diffCorpusFiles(ctx.corpora.files(before, { signal }), ctx.corpora.files(resolved.cid, { signal })))
        if (opts.json !== true) printReport(report)
        if (opts.index && previousIndex != null) {
          const index = await rebuildIndex(ctx, entry.name, previousIndex, opts.json === true, signal)
          if (index != null) report.index = index
          if (index != null && opts.json !== true) process.stderr.write(`rebuilt index ${index.cid}: ${index.chunks} chunks, ${index.embeddingsReused} embeddings reused by chunk CID, ${index.computed} computed\n`)
        }
        if (opts.json === true) printJson(report)
      }, settings)
    })
}

/** `quarry corpus publish <corpus> --key <name>`: publish an IPNS record naming the corpus's current root */
export function corpusPublishCommand (): Command {
  return new Command('publish')
    .description('publish an IPNS record naming a corpus you maintain, signed with a key kept in this home (created on first use), through the routing endpoints (--routing)')
    .argument('<corpus>', 'corpus name or CID')
    .requiredOption('--key <name>', 'key name in this home\'s keychain: the same key publishes the next version under the same name')
    .option('--json', 'print the name and record sequence as JSON')
    .action(async (ref: string, opts: { key: string, json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async (ctx, signal) => {
        const { cid } = await ctx.corpora.resolve(ref, { signal })
        const node = await ctx.node.start()
        if (node.network.routers.length === 0) throw new InvalidNetworkConfigError('publishing an IPNS record needs a routing endpoint to send it to: pass --routing <url> (or set QUARRY_ROUTING)')
        const published = await publishName(node.helia, opts.key, cid, { signal })
        if (opts.json === true) return printJson({ name: published.name, cid: cid.toString(), sequence: Number(published.sequence) })
        process.stdout.write(`${published.name}\n`)
        process.stderr.write(`published ${published.name} → ${cid.toString()} (sequence ${published.sequence}) to ${node.network.routers.map(String).join(', ')}\n`)
      })
    })
}

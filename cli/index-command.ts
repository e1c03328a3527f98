import { Command } from 'commander'
import { ensureCatalogueCorpus } from '../session/index.js'
import { parseCid } from '../corpora/index.js'
import { copyIndexToStore, DEFAULT_FUSION, DEFAULT_HNSW_PARAMS, readManifest, type FusionSettings } from '../indexes/index.js'
import { withNode, type GlobalOptions } from './context.js'
import { printJson, table } from './format.js'
import { indexProgress } from './index-progress.js'
import { sharedOption } from './options.js'
import { indexTransferCommands } from './index-transfer-commands.js'
import { indexVerifyCommand } from './index-verify-command.js'

/** `quarry index …` */
export function indexCommand (): Command {
  const cmd = new Command('index').description('build, list and inspect indexes (each index is a pinned UnixFS directory: its CID)')

  cmd.command('build')
    .description('chunk, embed and index a corpus, pin the index, and print its CID')
    .argument('<corpus>', 'corpus name or CID')
    .addOption(sharedOption('embedder', 'use | transformers:<hub id or folder> | openai:<model> (default: $QUARRY_EMBEDDER or use)'))
    .option('--chunk-size <chars>', 'max characters per chunk', '1000')
    .option('--chunk-overlap <chars>', 'characters of overlap between split chunks', '150')
    .option('--ef <n>', 'HNSW search candidate list size (stored in the manifest)', String(DEFAULT_HNSW_PARAMS.ef))
    .option('--m <n>', 'HNSW links per node', String(DEFAULT_HNSW_PARAMS.m))
    .addOption(sharedOption('json', 'print the manifest as JSON'))
    .addOption(sharedOption('store', 'keep chunks, vectors and BM25 postings in Postgres + pgvector too (postgres://…; default: $QUARRY_STORE): the index is pinned as usual and copied there'))
    .action(async (ref: string, opts: { embedder?: string, chunkSize: string, chunkOverlap: string, ef: string, m: string, store?: string, json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async (ctx, signal) => {
        const { corpora, indexes } = ctx
        await ensureCatalogueCorpus(corpora, ref, { shared: ctx.settings.shared })
        const embedder = await ctx.embedder(opts.embedder)
        const progress = indexProgress(opts.json === true, { intervalMs: ctx.settings.progressIntervalMs })
        let registered: string | undefined
        try {
          const { cid, manifest, stats } = await indexes.build(ref, {
            embedder,
            chunk: { chunkSize: Number(opts.chunkSize), chunkOverlap: Number(opts.chunkOverlap) },
            hnsw: { ef: Number(opts.ef), m: Number(opts.m) },
            onProgress: progress.onProgress,
            signal,
            lexicalFirst: true,
            keepPartial: true,
            onLexicalReady: (lexicalCid) => {
              registered = lexicalCid.toString()
              if (opts.json !== true) process.stderr.write(`lexical index ${registered} registered: ${ref} is searchable now; embedding…\n`)
            }
          }).catch(async (err: Error) => {
            if (!signal.aborted) throw err
            progress.stop()
            const cid = await indexes.find(ref, embedder.id)
            const m = cid == null ? undefined : await readManifest(ctx.node.blocks.fs, cid, { offline: true })
            if (m != null && cid != null) {
              process.stderr.write(`interrupted: index ${cid.toString()} registered with ${m.counts.embedded ?? m.counts.chunks} of ${m.counts.chunks} chunks embedded (searches use it); run \`quarry index build ${ref}\` again to resume from the embedding cache\n`)
            }
            throw err
          })
          progress.stop()
          const storeUrl = opts.store ?? ctx.settings.store
          const stored = storeUrl != null ? await copyIndexToStore(await ctx.node.start(), cid, await ctx.store(storeUrl)) : undefined
          if (stored != null) process.stderr.write(`copied ${stored.chunks} chunks, vectors and BM25 postings to Postgres tables ${stored.table}, ${stored.table}_terms, ${stored.table}_postings (pgvector HNSW, BM25 in SQL)\n`)
          if (opts.json === true) return printJson({ cid: cid.toString(), manifest, stats, ...(stored != null ? { store: stored } : {}) })
          process.stdout.write(`${cid.toString()}\n`)
          const c = manifest.counts
          process.stderr.write(`indexed ${c.documents} documents into ${c.chunks} chunks with ${manifest.embedder.id} in ${(stats.buildMs / 1000).toFixed(1)}s (${stats.embeddingsReused} embeddings reused from cache, ${c.chunks - stats.embeddingsReused} computed)\n`)
          if (manifest.fusion !== undefined) process.stderr.write(`hybrid search: ${describeFusion(manifest.fusion)}\n`)
        } finally {
          progress.stop()
        }
      })
    })

  cmd.command('list')
    .description('list known indexes')
    .addOption(sharedOption('json'))
    .action(async (opts: { json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ indexes }) => {
        const entries = await indexes.list()
        if (opts.json === true) return printJson(entries)
        if (entries.length === 0) return process.stdout.write('no indexes yet: build one with `quarry index build <corpus>`\n')
        process.stdout.write(table(['CID', 'CORPUS', 'EMBEDDER', 'CHUNKS', 'EMBEDDED', 'BUILT'],
          entries.map(e => [e.cid, e.corpusName ?? e.corpusCid, e.embedder, String(e.chunks), e.embedded == null ? 'all' : `${e.embedded} (${(100 * e.embedded / Math.max(1, e.chunks)).toFixed(0)}%)`, e.builtAt])) + '\n')
      })
    })

  cmd.command('rm')
    .description('forget an index and unpin it; `quarry gc` then frees its blocks')
    .argument('<index>', 'index CID')
    .action(async (ref: string, _opts: unknown, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ indexes }) => {
        const removed = await indexes.remove(parseCid(ref))
        process.stderr.write(`removed index ${removed.cid}; run \`quarry gc\` to free its blocks\n`)
      })
    })

  cmd.command('show')
    .description('print an index manifest, and how many of its chunks are embedded')
    .argument('<index>', 'index CID, or a corpus name (its newest index)')
    .action(async (ref: string, _opts: unknown, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ node, indexes }) => {
        const cid = (await indexes.find(ref)) ?? parseCid(ref)
        const manifest = await readManifest(node.blocks.fs, cid, { offline: !node.online })
        const embedded = manifest.counts.embedded ?? manifest.counts.chunks
        printJson({ cid: cid.toString(), embedded: { chunks: embedded, of: manifest.counts.chunks, complete: embedded === manifest.counts.chunks }, manifest })
        process.stderr.write(`hybrid search: ${describeFusion(manifest.fusion ?? DEFAULT_FUSION)}\n`)
      })
    })
  for (const sub of indexTransferCommands()) cmd.addCommand(sub)
  cmd.addCommand(indexVerifyCommand())
  return cmd
}

/** One line on an index's fusion: its dense weight and how it was chosen */
export function describeFusion (fusion: FusionSettings): string {
  const c = fusion.calibration
  const how = c.source === 'default'
    ? 'not calibrated'
    : `chosen on ${c.queries} ${c.source === 'labels' ? `labelled queries (${c.dataset ?? 'unnamed'})` : 'pseudo-queries drawn from the corpus'} by ${c.metric}` +
      (c.gain === undefined ? '' : `; best weight ${c.gain.denseWeight} gained ${c.gain.mean.toFixed(4)} [${c.gain.low.toFixed(4)}, ${c.gain.high.toFixed(4)}]`)
  return `convex fusion, dense weight ${fusion.denseWeight}${fusion.denseWeight === 0 ? ' (lexical only, the query is not embedded)' : ''} — ${how}`
}

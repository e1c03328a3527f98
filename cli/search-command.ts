import { Command } from 'commander'
import { withNode, positiveInt, type GlobalOptions, type CliContext } from './context.js'
import { printJson } from './format.js'
import { indexProgress } from './index-progress.js'
import type { QuarryIndex, SearchMode } from '../indexes/index.js'

const MODES = ['dense', 'lexical', 'hybrid']

/** Parse `--mode` for search */
export function searchMode (value: string): SearchMode {
  if (!MODES.includes(value)) throw new Error(`--mode must be one of ${MODES.join(', ')}, got "${value}"`)
  return value as SearchMode
}

/** Open the index for `--index`/`--corpus`, building it first (with a progress bar) when the corpus has none */
export async function openIndexFor (ctx: CliContext, opts: { index?: string, corpus?: string, embedder?: string, quiet?: boolean }): Promise<QuarryIndex> {
  const progress = indexProgress(opts.quiet === true)
  try {
    return await ctx.openIndex({
      ref: opts.index ?? opts.corpus,
      embedder: opts.embedder,
      onProgress: progress.onProgress,
      onBuild: (ref) => { if (opts.quiet !== true) process.stderr.write(`no index for ${ref} yet: building one (this runs once)\n`) }
    })
  } finally {
    progress.stop()
  }
}

/** `quarry search` */
export function searchCommand (): Command {
  return new Command('search')
    .description('search an index and print the best chunks with their CIDs')
    .argument('<query>', 'search text')
    .option('--index <ref>', 'index CID or corpus name/CID')
    .option('--corpus <ref>', 'corpus name or CID (default: filecoin-docs)')
    .option('-k <n>', 'number of results', '5')
    .option('--mode <mode>', 'dense | lexical | hybrid', 'hybrid')
    .option('--embedder <spec>', 'query embedder (default: the index\'s)')
    .option('--json', 'print JSON')
    .action(async (query: string, opts: { index?: string, corpus?: string, k: string, mode: string, embedder?: string, json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      const k = positiveInt('-k', opts.k)
      const mode = searchMode(opts.mode)
      await withNode(g, async (ctx) => {
        const index = await openIndexFor(ctx, { ...opts, quiet: opts.json })
        const results = await index.search(query, { k, mode })
        if (opts.json === true) {
          return printJson({
            query,
            mode,
            indexCid: index.cid?.toString(),
            corpusCid: index.manifest.corpusCid,
            results: results.map(r => ({
              rank: r.rank,
              score: r.score,
              denseScore: r.denseScore,
              lexicalScore: r.lexicalScore,
              chunkCid: r.chunk.chunkCid.toString(),
              docCid: r.chunk.docCid.toString(),
              path: r.chunk.path,
              title: r.chunk.title,
              headings: r.chunk.headings,
              page: r.chunk.page,
              byteStart: r.chunk.byteStart,
              byteEnd: r.chunk.byteEnd,
              text: r.chunk.text
            }))
          })
        }
        for (const r of results) {
          const where = [r.chunk.path, ...(r.chunk.headings ?? []), r.chunk.page != null ? `page ${r.chunk.page}` : ''].filter(s => s !== '').join(' › ')
          process.stdout.write(`[${r.rank}] ${where} — ${r.chunk.chunkCid.toString()}  (score ${r.score.toFixed(4)})\n`)
          process.stdout.write(`    ${r.chunk.text.replace(/\s+/g, ' ').slice(0, 240)}${r.chunk.text.length > 240 ? '…' : ''}\n`)
        }
      })
    })
}

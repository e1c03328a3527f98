import { Command } from 'commander'
import { withNode, positiveInt, timeoutMs, type GlobalOptions } from './context.js'
import { printJson } from './format.js'
import { DEFAULT_SEARCH_MODE, isSearchMode, SEARCH_MODES, toWireResult, type SearchMode } from '../indexes/index.js'
import { sharedOption } from './options.js'
import { citationPlace } from './print-answer.js'
import { stripTerminalControls } from './strip-terminal-controls.js'

/** Parse a search mode flag, naming `flag` when the value is not one */
export function searchMode (value: string, flag = '--mode'): SearchMode {
  if (!isSearchMode(value)) throw new Error(`${flag} must be one of ${SEARCH_MODES.join(', ')}, got "${value}"`)
  return value
}

/** `quarry search` */
export function searchCommand (): Command {
  return new Command('search')
    .description('search an index and print the best chunks with their CIDs')
    .argument('<query>', 'search text')
    .addOption(sharedOption('index'))
    .addOption(sharedOption('corpus'))
    .addOption(sharedOption('k', 'number of results'))
    .option('--mode <mode>', SEARCH_MODES.join(' | '), DEFAULT_SEARCH_MODE)
    .addOption(sharedOption('embedder', 'query embedder (default: the index\'s)'))
    .addOption(sharedOption('store'))
    .addOption(sharedOption('fetchTimeout'))
    .addOption(sharedOption('verifyIndex'))
    .addOption(sharedOption('json'))
    .action(async (query: string, opts: { index?: string, corpus?: string, k: string, mode: string, embedder?: string, store?: string, timeout?: string, verifyIndex?: boolean | string, json?: boolean }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      const k = positiveInt('-k', opts.k)
      const mode = searchMode(opts.mode)
      const fetchTimeoutMs = opts.timeout != null ? timeoutMs(opts.timeout) : undefined
      const { openIndexFor, partialIndexNote } = await import('./open-index-for.js')
      await withNode(g, async (ctx, signal) => {
        const index = await openIndexFor(ctx, { ...opts, quiet: opts.json, signal, dense: 'none', fetchTimeoutMs })
        const results = await index.search(query, { k, mode, signal })
        if (mode !== 'lexical') process.stderr.write(partialIndexNote(index, opts.index ?? opts.corpus))
        if (opts.json === true) {
          return printJson({
            query,
            mode,
            indexCid: index.cid?.toString(),
            corpusCid: index.manifest.corpusCid,
            results: results.map(r => toWireResult(r, { scores: true }))
          })
        }
        for (const r of results) {
          process.stdout.write(stripTerminalControls(`[${r.rank}] ${citationPlace(r.chunk)} — ${r.chunk.chunkCid.toString()}  (score ${r.score.toFixed(4)})\n`))
          process.stdout.write(stripTerminalControls(`    ${r.chunk.text.replace(/\s+/g, ' ').slice(0, 240)}${r.chunk.text.length > 240 ? '…' : ''}\n`))
        }
      })
    })
}

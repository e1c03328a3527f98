/**
 * The full BEIR SciFact test run (300 queries, 5,183 abstracts) in every
 * search mode, with reports beside the published figures. A script, not a
 * test: the first run embeds every abstract (minutes on a laptop CPU).
 *
 *   node --import tsx bench/scifact/run.ts [--beir <folder>] [--home <dir>]
 *     [--out <dir>] [--mode lexical,dense,hybrid] [--embedder use] [--chunk-size 4000] [--limit N]
 *
 * See bench/scifact/README.md.
 */

import '../../corpora/index.js'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ALL_SEARCH_MODES, loadBeirDataset, renderHtmlReport, renderMarkdownReport, runRetrievalEval, writeJsonReport } from '../../eval/index.js'
import { openQuarrySession } from '../../session/index.js'
import type { SearchMode } from '../../indexes/index.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const { values: args } = parseArgs({
  options: {
    beir: { type: 'string', default: path.resolve(process.env.QUARRY_SHARED ?? path.join(ROOT, '../shared'), 'beir/scifact') },
    home: { type: 'string', default: path.join(ROOT, 'node_modules/.cache/quarry-bench-scifact') },
    out: { type: 'string' },
    mode: { type: 'string', default: ALL_SEARCH_MODES.join(',') },
    embedder: { type: 'string' },
    'chunk-size': { type: 'string' },
    limit: { type: 'string' }
  }
})

const modes = (args.mode ?? '').split(',').map(m => m.trim()).filter(m => m !== '') as SearchMode[]
const started = performance.now()
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
const log = (line: string): void => { process.stderr.write(`${line}\n`) }

const dataset = await loadBeirDataset(args.beir ?? '', args.limit === undefined ? {} : { limit: Number(args.limit) })
log(`${dataset.name} ${dataset.split}: ${dataset.queries.length} queries, ${dataset.corpus.size} documents; home ${args.home ?? ''}`)
const session = await openQuarrySession({ home: args.home })
let indexReadyAt = 0
let lastEmbedLog = 0
const modeStarted = new Map<string, number>()
const modeMs = new Map<string, number>()
try {
  const report = await runRetrievalEval({
    session,
    dataset,
    corpusSource: args.beir,
    modes,
    ...(args.embedder === undefined ? {} : { embedder: args.embedder }),
    ...(args['chunk-size'] === undefined ? {} : { chunk: { chunkSize: Number(args['chunk-size']) } }),
    onProgress (e) {
      const now = performance.now()
      if (e.type === 'indexes:embed:batch' && (now - lastEmbedLog > 10_000 || e.done === e.total)) {
        lastEmbedLog = now
        log(`  embedded ${e.done}/${e.total} chunks (${seconds(now - started)})`)
      } else if (e.type === 'eval:index:ready') {
        indexReadyAt = now
        log(`index ${e.indexCid} ${e.built ? 'built' : 'reused'}: ${e.chunks} chunks, ready after ${seconds(now - started)}`)
      } else if (e.type === 'eval:retrieval:query') {
        if (e.done === 1) modeStarted.set(e.mode, now)
        if (e.done === e.total) {
          modeMs.set(e.mode, now - (modeStarted.get(e.mode) ?? now))
          log(`  ${e.mode}: ${e.total} queries in ${seconds(modeMs.get(e.mode) ?? 0)}`)
        }
      }
    }
  })

  const out = path.resolve(args.out ?? path.join(ROOT, 'bench/scifact/results', report.createdAt.replace(/[:.]/g, '-')))
  await mkdir(out, { recursive: true })
  await writeJsonReport(report, path.join(out, 'results.json'))
  await writeFile(path.join(out, 'summary.md'), renderMarkdownReport(report))
  await writeFile(path.join(out, 'report.html'), renderHtmlReport(report))

  // the baseline measured in the same run: BM25 (lexical)
  const baseline = report.modes.find(m => m.mode === 'lexical')?.metrics['ndcg@10']?.mean
  const rows = report.modes.map(m => {
    const ndcg = m.metrics['ndcg@10']?.mean ?? Number.NaN
    return [
      m.mode,
      ndcg.toFixed(3),
      (m.metrics['recall@100']?.mean ?? Number.NaN).toFixed(3),
      (m.metrics['mrr@10']?.mean ?? Number.NaN).toFixed(3),
      seconds(modeMs.get(m.mode) ?? Number.NaN),
      `${(m.latencyMs?.p50 ?? Number.NaN).toFixed(1)} ms`,
      baseline === undefined ? '—' : `${(ndcg / baseline).toFixed(2)}×`
    ]
  })
  const header = ['mode', 'nDCG@10', 'recall@100', 'MRR@10', 'queries', 'p50/query', 'vs lexical']
  process.stdout.write(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n${rows.map(r => `| ${r.join(' | ')} |`).join('\n')}\n\n`)
  process.stdout.write(`index ready in ${seconds(indexReadyAt - started)} (import + build, or reuse); total ${seconds(performance.now() - started)}\n`)
  for (const r of report.references) process.stdout.write(`published: ${r.system} nDCG@10 ${r.value.toFixed(3)} (${r.source ?? ''})\n`)
  process.stdout.write(`reports in ${out}\n`)
} finally {
  await session.close()
}
// tfjs and libp2p can keep the event loop alive
process.exit(process.exitCode ?? 0)

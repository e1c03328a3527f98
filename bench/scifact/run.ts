/**
 * BEIR SciFact through Quarry's index: tune the fusion weight on the train
 * split (809 queries), then report the test split (300 queries) in every
 * search mode, with a paired comparison of the default mode (hybrid) against
 * lexical, beside the published figures. A script, not a test: the first run
 * embeds every abstract (minutes on a laptop CPU).
 *
 *   node --import tsx bench/scifact/run.ts [--beir <folder>] [--home <dir>]
 *     [--out <dir>] [--mode lexical,dense,hybrid] [--embedder use] [--chunk-size 4000]
 *     [--limit N] [--no-tune] [--rebuild]
 *
 * See bench/scifact/README.md.
 */

import '../../corpora/index.js'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { CID } from 'multiformats/cid'
import { ALL_SEARCH_MODES, loadBeirDataset, renderHtmlReport, renderMarkdownReport, runRetrievalEval, writeJsonReport } from '../../eval/index.js'
import type { EvalReport, RetrievalEvalProgressEvent } from '../../eval/index.js'
import { bootstrapMean, readManifest } from '../../indexes/index.js'
import type { FusionSettings, SearchMode } from '../../indexes/index.js'
import { openQuarrySession } from '../../session/index.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const { values: args } = parseArgs({
  options: {
    beir: { type: 'string', default: path.resolve(process.env.QUARRY_SHARED ?? path.join(ROOT, '../shared'), 'beir/scifact') },
    home: { type: 'string', default: path.join(ROOT, 'node_modules/.cache/quarry-bench-scifact') },
    out: { type: 'string' },
    mode: { type: 'string', default: ALL_SEARCH_MODES.join(',') },
    embedder: { type: 'string' },
    'chunk-size': { type: 'string' },
    limit: { type: 'string' },
    'no-tune': { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false }
  }
})

const modes = (args.mode ?? '').split(',').map(m => m.trim()).filter(m => m !== '') as SearchMode[]
const started = performance.now()
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
const log = (line: string): void => { process.stderr.write(`${line}\n`) }
const out = (line = ''): void => { process.stdout.write(`${line}\n`) }
const limit = args.limit === undefined ? {} : { limit: Number(args.limit) }

const train = await loadBeirDataset(args.beir ?? '', { split: 'train', ...limit })
const test = await loadBeirDataset(args.beir ?? '', { split: 'test', ...limit })
log(`${test.name}: ${train.queries.length} train and ${test.queries.length} test queries, ${test.corpus.size} documents; home ${args.home ?? ''}`)
const session = await openQuarrySession({ home: args.home })

let lastEmbedLog = 0
const modeStarted = new Map<string, number>()
const modeMs = new Map<string, number>()
let builtIndexCid = ''
function onProgress (split: string) {
  return (e: RetrievalEvalProgressEvent): void => {
    const now = performance.now()
    if (e.type === 'indexes:embed:batch' && (now - lastEmbedLog > 10_000 || e.done === e.total)) {
      lastEmbedLog = now
      log(`  embedded ${e.done}/${e.total} chunks (${seconds(now - started)})`)
    } else if (e.type === 'eval:index:ready') {
      builtIndexCid = builtIndexCid === '' ? e.indexCid : builtIndexCid
      log(`index ${e.indexCid} ${e.built ? 'built' : 'reused'}: ${e.chunks} chunks, ready after ${seconds(now - started)}`)
    } else if (e.type === 'eval:tune:done') {
      log(`fusion tuned on ${split}: dense weight ${e.denseWeight}, index ${e.indexCid} (${seconds(now - started)})`)
    } else if (e.type === 'eval:retrieval:query') {
      if (e.done === 1) modeStarted.set(`${split}:${e.mode}`, now)
      if (e.done === e.total) {
        modeMs.set(`${split}:${e.mode}`, now - (modeStarted.get(`${split}:${e.mode}`) ?? now))
        log(`  ${split} ${e.mode}: ${e.total} queries in ${seconds(modeMs.get(`${split}:${e.mode}`) ?? 0)}`)
      }
    }
  }
}

function describe (f: FusionSettings): string {
  const c = f.calibration
  const grid = c.grid.map(g => `${g.denseWeight}:${g.score.toFixed(4)}`).join(' ')
  const gain = c.gain === undefined ? '' : `; best weight ${c.gain.denseWeight} gains ${c.gain.mean.toFixed(4)} [${c.gain.low.toFixed(4)}, ${c.gain.high.toFixed(4)}] (${Math.round(c.gain.confidence * 100)}% bootstrap)`
  return `dense weight ${f.denseWeight} — ${c.source}${c.dataset === undefined ? '' : ` ${c.dataset}`}, ${c.queries} queries, ${c.metric} by weight: ${grid}${gain}`
}

function table (report: EvalReport, split: string): void {
  const header = ['split', 'mode', 'nDCG@10', 'recall@100', 'MRR@10', 'p50/query', 'vs lexical']
  const baseline = report.modes.find(m => m.mode === 'lexical')?.metrics['ndcg@10']?.mean
  out(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`)
  for (const m of report.modes) {
    const ndcg = m.metrics['ndcg@10']?.mean ?? Number.NaN
    out(`| ${split} | ${m.mode} | ${ndcg.toFixed(4)} | ${(m.metrics['recall@100']?.mean ?? Number.NaN).toFixed(4)} | ${(m.metrics['mrr@10']?.mean ?? Number.NaN).toFixed(4)} | ${(m.latencyMs?.p50 ?? Number.NaN).toFixed(1)} ms | ${baseline === undefined ? '—' : `${(ndcg / baseline).toFixed(3)}×`} |`)
  }
  out()
}

/** Per-query nDCG@10 of `a` minus `b`: wins, losses, ties and a bootstrap CI of the mean difference */
function paired (report: EvalReport, a: SearchMode, b: SearchMode): string {
  const by = (mode: SearchMode): Map<string, number> => new Map(report.rows.filter(r => r.mode === mode).map(r => [r.id, r.metrics['ndcg@10'] ?? 0]))
  const A = by(a)
  const B = by(b)
  const diffs = [...A].map(([id, x]) => x - (B.get(id) ?? 0))
  const wins = diffs.filter(d => d > 1e-9).length
  const losses = diffs.filter(d => d < -1e-9).length
  const ci = bootstrapMean(diffs, { confidence: 0.95, resamples: 10_000, seed: 1 })
  return `${a} vs ${b} on ${report.split ?? ''} (${diffs.length} queries, nDCG@10): ${wins} wins / ${diffs.length - wins - losses} ties / ${losses} losses; mean difference ${ci.mean >= 0 ? '+' : ''}${ci.mean.toFixed(4)}, 95% bootstrap CI [${ci.low.toFixed(4)}, ${ci.high.toFixed(4)}]`
}

try {
  const common = {
    session,
    corpusSource: args.beir,
    ...(args.embedder === undefined ? {} : { embedder: args.embedder }),
    ...(args['chunk-size'] === undefined ? {} : { chunk: { chunkSize: Number(args['chunk-size']) } })
  }
  // 1. tune the fusion weight on train (labels), which pins the tuned index as the corpus's newest
  const trainReport = await runRetrievalEval({ ...common, dataset: train, modes: ['lexical', 'hybrid'], tune: args['no-tune'] !== true, rebuild: args.rebuild === true, onProgress: onProgress('train') })
  // 2. report test on that index
  const testReport = await runRetrievalEval({ ...common, dataset: test, modes, onProgress: onProgress('test') })

  const dir = path.resolve(args.out ?? path.join(ROOT, 'bench/scifact/results', testReport.createdAt.replace(/[:.]/g, '-')))
  for (const [name, report] of [['train', trainReport], ['test', testReport]] as const) {
    await mkdir(path.join(dir, name), { recursive: true })
    await writeJsonReport(report, path.join(dir, name, 'results.json'))
    await writeFile(path.join(dir, name, 'summary.md'), renderMarkdownReport(report))
    await writeFile(path.join(dir, name, 'report.html'), renderHtmlReport(report))
  }

  const built = await readManifest(session.node.blocks.fs, CID.parse(builtIndexCid), { offline: true })
  const l = built.lexical
  out(`\nindex as built: ${builtIndexCid}`)
  out(`  lexical: BM25 k1=${l.k1} b=${l.b} contextWeight=${l.contextWeight ?? 1} bigramWeight=${l.bigramWeight ?? 0}${l.feedback === undefined ? ', no feedback' : `, RM3 docs=${l.feedback.docs} terms=${l.feedback.terms} originalWeight=${l.feedback.originalWeight}`} (${l.library})`)
  if (built.fusion !== undefined) out(`  fusion (label-free, build time): ${describe(built.fusion)}`)
  if (testReport.fusion !== undefined) out(`index searched: ${testReport.indexCid ?? ''}\n  fusion: ${describe(testReport.fusion)}`)
  out()
  table(trainReport, 'train')
  table(testReport, 'test')
  for (const report of [trainReport, testReport]) {
    if (report.modes.some(m => m.mode === 'hybrid') && report.modes.some(m => m.mode === 'lexical')) out(paired(report, 'hybrid', 'lexical'))
  }
  out(`\ntotal ${seconds(performance.now() - started)}`)
  for (const r of testReport.references) out(`published: ${r.system} nDCG@10 ${r.value.toFixed(3)} (${r.source ?? ''})`)
  out(`reports in ${dir}`)
} finally {
  await session.close()
}
// tfjs and libp2p can keep the event loop alive
process.exit(process.exitCode ?? 0)

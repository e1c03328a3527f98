/**
 * Retrieval on the QA dev sets (Filecoin docs, JFK, …): for each search mode,
 * the mean reciprocal rank (cut at 10) and recall@5 of the first chunk from a
 * relevant source, and the search latency per question (p50 / p95), with the
 * default mode compared to lexical in the same run.
 *
 *   node --import tsx bench/dev-sets/run.ts [--home <dir>] [--corpus filecoin-docs]
 *     [--dataset ../shared/eval/filecoin-docs-dev.jsonl] … [--mode lexical,dense,hybrid]
 *
 * See bench/dev-sets/README.md.
 */

import '../../corpora/index.js'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { percentile } from '../../eval/index.js'
import { openQuarrySession } from '../../session/index.js'
import type { SearchMode } from '../../indexes/index.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SHARED = process.env.QUARRY_SHARED ?? path.join(ROOT, '../shared')
const { values: args } = parseArgs({
  options: {
    home: { type: 'string' },
    corpus: { type: 'string', default: 'filecoin-docs' },
    dataset: { type: 'string', multiple: true },
    mode: { type: 'string', default: 'lexical,hybrid,dense' },
    rounds: { type: 'string', default: '3' }
  }
})
const datasets = args.dataset ?? [path.join(SHARED, 'eval/filecoin-docs-dev.jsonl'), path.join(SHARED, 'eval/filecoin-docs-faq-dev.jsonl')]
const modes = (args.mode ?? '').split(',').map(m => m.trim()).filter(m => m !== '') as SearchMode[]
const rounds = Number(args.rounds)

interface Sample { question: string, relevant: string[] }

const session = await openQuarrySession(args.home === undefined ? {} : { home: args.home })
try {
  const index = await session.openIndex({ ref: args.corpus })
  process.stdout.write(`index ${index.cid?.toString() ?? ''} (${index.manifest.counts.chunks} chunks); default mode = hybrid with dense weight ${index.fusion.denseWeight} (${index.fusion.calibration.source})\n\n`)
  process.stdout.write('| dataset | mode | questions | MRR@10 | recall@5 | p50 / p95 per search |\n|---|---|---:|---:|---:|---:|\n')
  for (const file of datasets) {
    const samples = (await readFile(file, 'utf8')).trim().split('\n').map(l => JSON.parse(l) as Sample).filter(s => s.relevant.length > 0)
    await index.search('warm up', { k: 10, mode: 'dense' })
    const p50: Record<string, number> = {}
    for (const mode of modes) {
      let mrr = 0
      let recall = 0
      const ms: number[] = []
      // several rounds, best time per question: the latency of the search, not of a busy machine
      const best = new Map<number, number>()
      for (let round = 0; round < rounds; round++) {
        for (const [i, s] of samples.entries()) {
          const t = performance.now()
          const results = await index.search(s.question, { k: 10, mode })
          best.set(i, Math.min(best.get(i) ?? Infinity, performance.now() - t))
          if (round > 0) continue
          const rank = results.findIndex(r => s.relevant.includes(r.chunk.path))
          if (rank >= 0) mrr += 1 / (rank + 1)
          if (rank >= 0 && rank < 5) recall++
        }
      }
      ms.push(...best.values())
      p50[mode] = percentile(ms, 50)
      process.stdout.write(`| ${path.basename(file)} | ${mode} | ${samples.length} | ${(mrr / samples.length).toFixed(3)} | ${(recall / samples.length).toFixed(3)} | ${percentile(ms, 50).toFixed(1)} / ${percentile(ms, 95).toFixed(1)} ms |\n`)
    }
    if (p50.hybrid !== undefined && p50.lexical !== undefined) {
      process.stdout.write(`| ${path.basename(file)} | default ÷ lexical p50 | | | | ${(p50.hybrid / p50.lexical).toFixed(2)}× |\n`)
    }
  }
} finally {
  await session.close()
}
process.exit(process.exitCode ?? 0)

/**
 * bench/index/onnx-threads.ts: how to run USE-lite on onnxruntime on this
 * machine — two threads within each model call (Quarry's default on 2 cores)
 * with onnxruntime's spin-waiting threads, the same without spinning, and one
 * thread — on Quarry's own JFK chunk texts ordered by token length as a build
 * orders them. Variants run in turn on the same texts, round after round; the
 * best round of each is printed with the process CPU time per text (on a busy
 * machine spinning threads burn CPU the others need). The vectors do not
 * depend on the thread settings (indexes/embedders/use-embeddings.test.ts).
 *
 *   node --import tsx bench/index/onnx-threads.ts [--records 60] [--texts 256] [--rounds 4]
 */
import '../../corpora/index.js'
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { addFolder, createQuarryNode, walkFolder } from '../../corpora/index.js'
import { loadUseOnnxRunner, prepareIndex, type UseRunner } from '../../indexes/index.js'

const { values } = parseArgs({ options: { records: { type: 'string', default: '60' }, texts: { type: 'string', default: '256' }, rounds: { type: 'string', default: '4' } } })
const files = (await walkFolder(resolve(import.meta.dirname, '../../../shared/corpora/jfk-2025-0318/docs'))).slice(0, Number(values.records))
const work = await mkdtemp(join(tmpdir(), 'quarry-onnx-threads-'))
const load = (): string => loadavg().map(x => x.toFixed(2)).join(' ')
try {
  const folder = join(work, 'docs')
  await mkdir(folder)
  for (const f of files) await cp(f.absolute, join(folder, f.path))
  const node = await createQuarryNode({ home: join(work, 'home') })
  const { cid } = await addFolder(node, folder)
  const prepared = await prepareIndex(node.fs, cid, {})
  await node.stop()
  const noSpin = { extra: { session: { intra_op: { allow_spinning: '0' } } } }
  const variants: Array<[string, UseRunner]> = [
    ['2 threads, spinning (default)', await loadUseOnnxRunner({ threads: 2 })],
    ['2 threads, no spinning', await loadUseOnnxRunner({ threads: 2, session: noSpin })],
    ['1 thread', await loadUseOnnxRunner({ threads: 1 })]
  ]
  const probe = variants[0]?.[1] as UseRunner
  const texts = prepared.texts.slice(0, Number(values.texts)).map(t => t === '' ? ' ' : t)
    .sort((a, b) => probe.tokenIds(a).length - probe.tokenIds(b).length)
  const startLoad = load()
  const best = new Map<string, { wall: number, cpu: number }>()
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const [name, runner] of variants) {
      const t = performance.now()
      const u = process.cpuUsage()
      for (let i = 0; i < texts.length; i += 64) await runner.embed(texts.slice(i, i + 64))
      const wall = (performance.now() - t) / texts.length
      const used = process.cpuUsage(u)
      const cpu = (used.user + used.system) / 1000 / texts.length
      const b = best.get(name)
      if (b === undefined || wall < b.wall) best.set(name, { wall, cpu })
    }
  }
  console.log(`USE-lite on onnxruntime, ${texts.length} Quarry JFK chunk texts (first ${files.length} records) in token-length order, 64 a call to embed, best of ${values.rounds} rounds`)
  for (const [name, b] of best) console.log(`  ${name.padEnd(32)} ${b.wall.toFixed(2)} ms/text  ${b.cpu.toFixed(2)} CPU-ms/text`)
  console.log(`load average (1/5/15 min) at start -> end: ${startLoad} -> ${load()}`)
} finally {
  await rm(work, { recursive: true, force: true, maxRetries: 5 })
}

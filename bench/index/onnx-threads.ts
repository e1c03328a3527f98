/**
 * bench/index/onnx-threads.ts: how to run USE-lite on onnxruntime on this
 * machine — two threads within each model call (Quarry's default on 2 cores)
 * with onnxruntime's spin-waiting threads, the same without spinning, one
 * thread, and two worker threads of one onnxruntime thread each taking every
 * other slice of a call (data parallel) — on Quarry's own JFK chunk texts ordered by token length as a build
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
import { Worker } from 'node:worker_threads'
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
  const oneThread = await loadUseOnnxRunner({ threads: 1 })
  const variants: Array<[string, UseRunner]> = [
    ['2 threads, spinning (default)', await loadUseOnnxRunner({ threads: 2 })],
    ['2 threads, no spinning', await loadUseOnnxRunner({ threads: 2, session: noSpin })],
    ['1 thread', oneThread],
    ['2 workers, 1 thread each', await workerPair(oneThread)]
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
  // the same bits from a worker as on this thread (the vectors do not depend on where they are computed)
  const [fromWorker] = await (variants[3]?.[1] as UseRunner).embed(texts.slice(0, 16))
  const [here] = await probe.embed(texts.slice(0, 16))
  console.log(`a worker's vector is this thread's, bit for bit: ${JSON.stringify(fromWorker) === JSON.stringify(here)}`)
  process.exit(0)
} finally {
  await rm(work, { recursive: true, force: true, maxRetries: 5 })
}

/** Two worker threads, one onnxruntime thread each: a call's texts go to them in slices of 32, every other slice to each (`tokens`, a runner on this thread, answers for token counts) */
async function workerPair (tokens: UseRunner): Promise<UseRunner> {
  const start = async (): Promise<Worker> => new Promise((resolve, reject) => {
    const w = new Worker(new URL('./onnx-worker.mjs', import.meta.url), { workerData: { threads: 1 } })
    w.once('message', () => resolve(w))
    w.once('error', reject)
  })
  const workers = await Promise.all([start(), start()])
  workers.forEach(w => w.unref())
  let nextId = 0
  const call = async (w: Worker, texts: string[]): Promise<number[][]> => new Promise((resolve, reject) => {
    const id = nextId++
    const on = (m: { id: number, vectors?: number[][], error?: string }): void => {
      if (m.id !== id) return
      w.off('message', on)
      if (m.error !== undefined) reject(new Error(m.error))
      else resolve(m.vectors ?? [])
    }
    w.on('message', on)
    w.postMessage({ id, texts })
  })
  return {
    tokenIds: t => tokens.tokenIds(t),
    tokenCount: t => tokens.tokenCount(t),
    async embed (texts) {
      const out: number[][] = new Array(texts.length)
      let next = 0
      await Promise.all(workers.map(async w => {
        while (next < texts.length) {
          const at = next
          next += 32
          const vectors = await call(w, texts.slice(at, at + 32))
          vectors.forEach((v, i) => { out[at + i] = v })
        }
      }))
      return out
    }
  }
}

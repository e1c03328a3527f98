/**
 * bench/gpu: chunks/s of one GGUF embedding model on the GPU and on the CPU,
 * in the same run, through Quarry's `llama:` embedder (node-llama-cpp). On a
 * machine without a GPU (or without node-llama-cpp's CUDA/Vulkan binaries
 * working) the GPU side is reported absent and only the CPU side is measured.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createLlamaEmbeddings } from '../../indexes/index.js'

/** One side's throughput */
export interface SideThroughput {
  device: string
  chunks: number
  seconds: number
  chunksPerS: number
}

/** What {@link measureGpuVsCpu} found */
export interface GpuBenchResult {
  model: string
  dimensions: number
  cpu: SideThroughput
  /** Absent when no GPU could be used */
  gpu?: SideThroughput
  /** Why there is no GPU side */
  gpuAbsent?: string
  /** gpu / cpu chunks per second */
  ratio?: number
}

/** `n` texts of about `chars` characters from markdown files under `dir` (the same texts for both sides) */
export async function benchTexts (dir: string, n: number, chars = 1000): Promise<string[]> {
  const out: string[] = []
  const walk = async (d: string): Promise<void> => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= n) return
      if (e.isDirectory()) await walk(join(d, e.name))
      else if (e.name.endsWith('.md')) {
        const text = (await readFile(join(d, e.name), 'utf8')).replace(/\s+/g, ' ')
        for (let i = 0; i + 200 < text.length && out.length < n; i += chars) out.push(text.slice(i, i + chars))
      }
    }
  }
  await walk(dir)
  return out
}

async function side (modelPath: string, device: 'cpu' | 'gpu', texts: string[], threads?: number): Promise<{ result?: SideThroughput, dimensions: number, absent?: string }> {
  const warnings: string[] = []
  const embedder = createLlamaEmbeddings({ modelPath, device, ...(threads != null ? { threads } : {}), onWarning: m => warnings.push(m) })
  try {
    await embedder.init()
    const info = await embedder.info()
    if (device === 'gpu' && info.gpu === false) return { dimensions: embedder.dimensions, absent: warnings[0] ?? 'no GPU found' }
    await embedder.embedDocuments(texts.slice(0, 2)) // warm-up
    const t = performance.now()
    await embedder.embedDocuments(texts)
    const seconds = (performance.now() - t) / 1000
    const name = info.gpu === false ? 'cpu' : `${info.gpu} (${info.devices.join(', ')})`
    return { dimensions: embedder.dimensions, result: { device: name, chunks: texts.length, seconds, chunksPerS: texts.length / seconds } }
  } finally {
    await embedder.dispose()
  }
}

/** Measure the GPU side (when there is a GPU) and the CPU side with the same model and texts */
export async function measureGpuVsCpu (options: { modelPath: string, texts: string[], cpuThreads?: number }): Promise<GpuBenchResult> {
  const gpu = await side(options.modelPath, 'gpu', options.texts)
  const cpu = await side(options.modelPath, 'cpu', options.texts, options.cpuThreads)
  if (cpu.result == null) throw new Error('the CPU side produced no result')
  return {
    model: options.modelPath,
    dimensions: cpu.dimensions,
    cpu: cpu.result,
    ...(gpu.result != null ? { gpu: gpu.result, ratio: gpu.result.chunksPerS / cpu.result.chunksPerS } : { gpuAbsent: gpu.absent ?? 'no GPU found' })
  }
}

/** The bench's printed report */
export function formatGpuBench (r: GpuBenchResult, note: string): string {
  const lines = [
    `model: ${r.model} (${r.dimensions}-d)${note === '' ? '' : ` — ${note}`}`,
    `texts: ${r.cpu.chunks}`,
    `CPU: ${r.cpu.chunksPerS.toFixed(1)} chunks/s (${r.cpu.seconds.toFixed(1)} s)`,
    r.gpu != null ? `GPU ${r.gpu.device}: ${r.gpu.chunksPerS.toFixed(1)} chunks/s (${r.gpu.seconds.toFixed(1)} s)` : `GPU: absent — ${r.gpuAbsent ?? ''}`,
    r.ratio != null ? `ratio GPU/CPU: ${r.ratio.toFixed(2)}` : 'ratio GPU/CPU: not measured (no GPU)'
  ]
  return lines.join('\n') + '\n'
}

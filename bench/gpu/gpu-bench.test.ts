import { describe, it, expect } from 'vitest'
import { join } from 'node:path'
import { benchTexts, formatGpuBench, measureGpuVsCpu } from './gpu-bench.js'
import { HAS_SHARED, ROOT, shared } from '../../test/helpers/shared.js'

// The CPU side of bench/gpu with the shipped toy GGUF (throughput only); on a
// machine with a GPU the GPU side is measured too, else it is reported absent.
describe.skipIf(!HAS_SHARED)('bench/gpu', () => {
  it('measures chunks/s on the CPU and says whether a GPU was used', async () => {
    const texts = await benchTexts(join(ROOT, 'data/filecoin-docs'), 6, 300)
    expect(texts).toHaveLength(6)
    const r = await measureGpuVsCpu({ modelPath: shared('models/stories260K.gguf'), texts, cpuThreads: 1 })
    expect(r.dimensions).toBe(64)
    expect(r.cpu.device).toBe('cpu')
    expect(r.cpu.chunks).toBe(6)
    expect(r.cpu.chunksPerS).toBeGreaterThan(0)
    const report = formatGpuBench(r, 'throughput only')
    if (r.gpu == null) {
      expect(r.gpuAbsent).toMatch(/GPU/)
      expect(report).toContain('GPU: absent')
      expect(report).toContain('not measured (no GPU)')
    } else {
      expect(r.ratio).toBeGreaterThan(0)
      expect(report).toMatch(/ratio GPU\/CPU: \d/)
    }
  }, 120_000)
})

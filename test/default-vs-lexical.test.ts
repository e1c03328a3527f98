import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest'
import { readFile } from 'node:fs/promises'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { HAS_SHARED, shared } from './helpers/shared.js'
import type { QuarryIndex, SearchMode } from '../indexes/index.js'

interface Sample { question: string, relevant: string[] }

/**
 * The regression guard of issue 10: the default search mode (hybrid, with
 * the index's own fusion weight) must never rank below plain BM25. Measured
 * on the Filecoin dev sets over the prebuilt test home (82 questions, ~1 s).
 */
describe.skipIf(!HAS_SHARED)('default search mode vs lexical on the Filecoin dev sets', () => {
  let session: QuarrySession
  let index: QuarryIndex
  const sets: Record<string, Sample[]> = {}

  beforeAll(async () => {
    session = await openQuarrySession({ home: inject('quarryTestHome') })
    index = await session.openIndex({ ref: 'filecoin-docs' })
    for (const name of ['filecoin-docs-dev', 'filecoin-docs-faq-dev']) {
      sets[name] = (await readFile(shared(`eval/${name}.jsonl`), 'utf8')).trim().split('\n').map(l => JSON.parse(l) as Sample)
    }
  })
  afterAll(async () => session?.close())

  /** Mean reciprocal rank (cut at 10) of the first chunk from a relevant page */
  const mrr = async (samples: Sample[], mode?: SearchMode): Promise<number> => {
    let sum = 0
    for (const s of samples) {
      const results = await index.search(s.question, { k: 10, ...(mode === undefined ? {} : { mode }) })
      const rank = results.findIndex(r => s.relevant.includes(r.chunk.path))
      if (rank >= 0) sum += 1 / (rank + 1)
    }
    return sum / samples.length
  }

  it('ranks relevant pages at least as well as lexical search, per set', async () => {
    expect(index.fusion.method).toBe('convex-z')
    for (const [name, samples] of Object.entries(sets)) {
      expect(samples.length).toBeGreaterThan(30)
      const byDefault = await mrr(samples)
      const lexical = await mrr(samples, 'lexical')
      console.log(`${name}: MRR@10 default ${byDefault.toFixed(3)} (dense weight ${index.fusion.denseWeight}), lexical ${lexical.toFixed(3)}`)
      expect(byDefault).toBeGreaterThanOrEqual(lexical - 1e-9)
    }
  })
})

import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { runCli } from './helpers/cli.js'
import { HAS_SHARED, shared, tempDir } from './helpers/shared.js'
import type { AnswerRecord } from '../agent/index.js'

const TARGET = '104-10110-10243.md'

describe.skipIf(!HAS_SHARED)('quarry ask on JFK records', () => {
  let home: string
  let cleanup: () => Promise<void>

  beforeAll(async () => {
    const t = await tempDir()
    cleanup = t.cleanup
    home = join(t.dir, 'home')
    const folder = join(t.dir, 'jfk')
    await mkdir(folder)
    // the target record plus 40 other small records (2-3 KB) as distractors
    const docs = shared('corpora/jfk-2025-0318/docs')
    const names = (await readdir(docs)).filter(n => n.endsWith('.md')).sort()
    const small: string[] = []
    for (const n of names) {
      if (small.length >= 40) break
      if (n === TARGET) continue
      const size = (await stat(join(docs, n))).size
      if (size > 1500 && size < 3000) small.push(n)
    }
    for (const n of [TARGET, ...small]) await copyFile(join(docs, n), join(folder, n))
    const add = await runCli(['corpus', 'add', folder, '--name', 'jfk-sample'], { home })
    expect(add.code, add.stderr).toBe(0)
  }, 120_000)
  afterAll(async () => cleanup())

  it('answers a question about one record with a citation to that record\'s page', async () => {
    const res = await runCli(['ask', 'What happened in the audio surveillance of Manuel Artime at the Bethesda safehouse?', '--corpus', 'jfk-sample', '--json'], { home, timeoutMs: 600_000 })
    expect(res.code, res.stderr).toBe(0)
    const record = JSON.parse(res.stdout) as AnswerRecord
    expect(record.abstained).toBe(false)
    const cited = record.citations.filter(c => c.path === TARGET)
    expect(cited.length).toBeGreaterThan(0)
    expect(cited[0]?.page).toBe(1)
    expect(record.citations.map(c => c.quote).join(' ')).toMatch(/surveillance|safehouse|Bethesda/i)
    const contextCids = new Set(record.contexts.map(c => c.chunkCid))
    for (const c of record.citations) expect(contextCids.has(c.chunkCid)).toBe(true)
  }, 600_000)
})

import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { termStatistics } from './answerability.js'
import { openTermStatistics, TERM_STATISTICS_VERSION } from './term-statistics-file.js'
import { makeResult } from './test-fixtures/filecoin-results.js'
import type { Chunk } from '../indexes/index.js'

const CID = 'bafybeiamn4cngzr3wqbl6xolfzdpqalfa2tyxgovgmpws6hmvk3isjlzh4'
let dir: string
let chunks: Chunk[]
let others: Chunk[]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'quarry-term-stats-'))
  chunks = await Promise.all([
    makeResult('Storage deals are agreements between a client and a storage provider.', { path: 'deals.md' }),
    makeResult('A storage provider seals sectors.', { path: 'sealing.md' })
  ]).then(rs => rs.map(r => r.chunk))
  // as many chunks, other words: statistics read from a file are the file's, not these
  others = await Promise.all([
    makeResult('Wallets hold FIL.', { path: 'wallets.md' }),
    makeResult('Miners earn block rewards.', { path: 'rewards.md' })
  ]).then(rs => rs.map(r => r.chunk))
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

const fileOf = (d: string): string => join(d, `${CID}.v${TERM_STATISTICS_VERSION}.json`)

describe('openTermStatistics', () => {
  it('computes the statistics once, writes them per index CID, and reads them back in a later call', async () => {
    const d = join(dir, 'once')
    const first = await openTermStatistics({ dir: d, indexCid: CID, chunks })
    const direct = termStatistics(chunks)
    for (const term of ['storag', 'deal', 'seal', 'wallet']) expect(first.df(term)).toBe(direct.df(term))
    expect(first.chunks).toBe(2)
    expect(await readdir(d)).toEqual([`${CID}.v${TERM_STATISTICS_VERSION}.json`])
    // same CID, same chunk count: the file answers, the chunks passed are not read
    const again = await openTermStatistics({ dir: d, indexCid: CID, chunks: others })
    expect(again.df('deal')).toBe(1)
    expect(again.df('storag')).toBe(2)
    expect(again.df('wallet')).toBe(0)
  })

  it('recomputes and replaces a file that is corrupt, of another version or for another chunk count', async () => {
    const d = join(dir, 'bad')
    await openTermStatistics({ dir: d, indexCid: CID, chunks })
    const bodies = [
      '{"version": 1, "indexCid": "' + CID + '", "chunks": 2, "terms": ["wallet"', // cut short
      JSON.stringify({ version: TERM_STATISTICS_VERSION + 1, indexCid: CID, chunks: 2, terms: ['wallet'], df: [2] }),
      JSON.stringify({ version: TERM_STATISTICS_VERSION, indexCid: CID, chunks: 3, terms: ['wallet'], df: [2] }),
      JSON.stringify({ version: TERM_STATISTICS_VERSION, indexCid: CID, chunks: 2, terms: ['wallet'], df: [7] })
    ]
    for (const body of bodies) {
      await writeFile(fileOf(d), body)
      const stats = await openTermStatistics({ dir: d, indexCid: CID, chunks })
      expect(stats.df('wallet'), body).toBe(0)
      expect(stats.df('deal'), body).toBe(1)
      const rewritten = JSON.parse(await readFile(fileOf(d), 'utf8')) as { chunks: number, terms: string[] }
      expect(rewritten.chunks).toBe(2)
      expect(rewritten.terms).toContain('deal')
    }
  })

  it('still answers when the folder cannot be written, and refuses an index CID that is not one', async () => {
    const notADir = join(dir, 'a-file')
    await writeFile(notADir, 'x')
    const stats = await openTermStatistics({ dir: notADir, indexCid: CID, chunks })
    expect(stats.df('seal')).toBe(1)
    await expect(openTermStatistics({ dir, indexCid: '../escape', chunks })).rejects.toThrow(/not a CID string/)
  })
})

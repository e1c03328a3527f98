/**
 * The answer step's quality on every dev set, as a regression guard: each
 * set is answered with the default extractive mode and compared with the
 * figures recorded in test/fixtures/answer-quality.json; a figure that falls
 * by more than 0.03 fails the test (relevant page cited, citation precision
 * and unanswerable questions abstained must not fall; answerable questions
 * abstained must not rise). It replaces the fixed floors of the older
 * test/qa-dev-sets.test.ts. Filecoin sets run on the test home's filecoin-docs index; the JFK
 * sets on the records they cite plus the first 150 others (a lexical index
 * built here), since the full archive takes minutes to import.
 *
 * After a deliberate change to answering, regenerate the figures with
 *   QUARRY_UPDATE_ANSWER_QUALITY=1 npx vitest run test/answer-quality.test.ts
 * and say why in the commit.
 */

import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadQaDataset, runQaEval } from '../eval/index.js'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import { HAS_SHARED, ROOT, shared, tempDir } from './helpers/shared.js'
import type { Retriever } from '../indexes/index.js'

const FIXTURE = join(ROOT, 'test/fixtures/answer-quality.json')
const TOLERANCE = 0.03
const FILECOIN_SETS = ['filecoin-docs-dev', 'filecoin-docs-faq-dev', 'filecoin-docs-wide-dev', 'followups-dev', 'followups-wide-dev', 'unanswerable-filecoin-dev', 'offtopic-dev']
const JFK_SETS = ['jfk-dev', 'jfk-wide-dev', 'unanswerable-jfk-dev']
const JFK_DISTRACTORS = 150

type Figures = Record<string, { relevant_cited?: number, citation_precision?: number, answerable_abstained?: number, unanswerable_abstained?: number }>

describe.skipIf(!HAS_SHARED)('answer quality on the dev sets (regression guard)', () => {
  let filecoin: QuarrySession
  let jfk: QuarrySession
  let jfkIndex: Retriever
  let cleanup: () => Promise<void> = async () => {}
  const measured: Figures = {}

  beforeAll(async () => {
    filecoin = await openQuarrySession({ home: inject('quarryTestHome') })
    const t = await tempDir('quarry-answer-quality-')
    cleanup = t.cleanup
    const folder = join(t.dir, 'jfk')
    await mkdir(folder)
    const cited = new Set<string>()
    for (const set of JFK_SETS) for (const s of (await loadQaDataset(shared('eval', `${set}.jsonl`))).samples) for (const r of s.relevant) cited.add(r)
    const docs = shared('corpora/jfk-2025-0318/docs')
    const others = (await readdir(docs)).filter(n => n.endsWith('.md') && !cited.has(n)).sort().slice(0, JFK_DISTRACTORS)
    for (const name of [...cited, ...others]) await copyFile(join(docs, name), join(folder, name))
    jfk = await openQuarrySession({ home: join(t.dir, 'home') })
    const entry = await jfk.corpora.add(folder, { name: 'jfk-dev-records' })
    jfkIndex = await jfk.openIndex({ ref: entry.cid.toString() })
  }, 600_000)

  afterAll(async () => {
    await filecoin?.close()
    await jfk?.close()
    await cleanup()
    if (process.env.QUARRY_UPDATE_ANSWER_QUALITY === '1') await writeFile(FIXTURE, JSON.stringify(measured, null, 2) + '\n')
  })

  async function check (set: string, index: Retriever): Promise<void> {
    const { report } = await runQaEval({ dataset: await loadQaDataset(shared('eval', `${set}.jsonl`)), index })
    const m = report.modes[0]?.metrics ?? {}
    const value = (key: string): number | undefined => (m[key]?.n ?? 0) > 0 ? Math.round((m[key]?.mean ?? 0) * 1000) / 1000 : undefined
    const now = { relevant_cited: value('relevant_cited'), citation_precision: value('citation_precision'), answerable_abstained: value('answerable_abstained'), unanswerable_abstained: value('unanswerable_abstained') }
    measured[set] = Object.fromEntries(Object.entries(now).filter(([, v]) => v !== undefined))
    if (process.env.QUARRY_UPDATE_ANSWER_QUALITY === '1') return
    const recorded = (JSON.parse(await readFile(FIXTURE, 'utf8')) as Figures)[set]
    expect(recorded, `no recorded figures for ${set}`).toBeDefined()
    if (recorded?.relevant_cited !== undefined) expect(now.relevant_cited, `${set} relevant cited`).toBeGreaterThanOrEqual(recorded.relevant_cited - TOLERANCE)
    if (recorded?.citation_precision !== undefined) expect(now.citation_precision, `${set} citation precision`).toBeGreaterThanOrEqual(recorded.citation_precision - TOLERANCE)
    if (recorded?.unanswerable_abstained !== undefined) expect(now.unanswerable_abstained, `${set} unanswerable abstained`).toBeGreaterThanOrEqual(recorded.unanswerable_abstained - TOLERANCE)
    if (recorded?.answerable_abstained !== undefined) expect(now.answerable_abstained, `${set} answerable abstained`).toBeLessThanOrEqual(recorded.answerable_abstained + TOLERANCE)
  }

  for (const set of FILECOIN_SETS) {
    it(`${set}: no figure falls by more than ${TOLERANCE}`, async () => {
      await check(set, await filecoin.openIndex({ ref: 'filecoin-docs' }))
    }, 300_000)
  }
  for (const set of JFK_SETS) {
    it(`${set} (cited records + ${JFK_DISTRACTORS} others): no figure falls by more than ${TOLERANCE}`, async () => {
      await check(set, jfkIndex)
    }, 300_000)
  }
})

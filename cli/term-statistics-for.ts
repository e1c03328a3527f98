import { join } from 'node:path'
import type { TermStatistics } from '../agent/index.js'
import type { QuarryIndex } from '../indexes/index.js'
import type { CliContext } from './context.js'

/** Folder of the home that keeps each index's term statistics (see `openTermStatistics`) */
const TERM_STATS_DIR = 'term-stats'

/**
 * An index's term statistics (what the answerers judge answerability with),
 * read from the home when an earlier process wrote them, else computed once
 * and written there: a new `quarry ask` or `quarry chat` does not re-read every
 * chunk. Undefined for an index with no CID (the answerer then computes them).
 */
export async function termStatisticsFor (ctx: CliContext, index: QuarryIndex, signal?: AbortSignal): Promise<TermStatistics | undefined> {
  if (index.cid == null) return undefined
  const { openTermStatistics } = await import('../agent/index.js')
  return openTermStatistics({ dir: join(ctx.node.home.root, TERM_STATS_DIR), indexCid: index.cid.toString(), chunks: index.chunks, ...(signal != null ? { signal } : {}) })
}

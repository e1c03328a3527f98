import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { documentFrequencies, statisticsOf, type TermStatistics } from './answerability.js'
import type { Chunk } from '../indexes/index.js'
import type { AbortOptions } from '@libp2p/interface'

/**
 * Version of how term statistics are computed (`contentTerms`, the passage
 * text): a file written under another version is recomputed. Bump it with
 * any change to either.
 */
export const TERM_STATISTICS_VERSION = 2

/** Options for {@link openTermStatistics} */
export interface OpenTermStatisticsOptions extends AbortOptions {
  /** Folder of the files (created when missing), e.g. `<home>/term-stats` */
  dir: string
  /** The index's CID: its chunks, so its statistics, never change */
  indexCid: string
  /** The index's chunks */
  chunks: readonly Chunk[]
}

interface TermStatisticsFile {
  version: number
  indexCid: string
  chunks: number
  terms: string[]
  df: number[]
}

/**
 * The {@link TermStatistics} of an index, kept in a file per index CID so
 * that a one-shot `quarry ask` does not re-read every chunk of the index to
 * judge answerability (~5 s of a 10 s answer on the 18,504 chunks of the JFK
 * archive, another job on the other core): read when the file is there and whole, else computed from the
 * chunks and written (a temporary file renamed into place, so a reader never
 * sees half a file). A file that is unreadable, of another version, or for
 * another chunk count is recomputed and replaced; a file that cannot be
 * written only costs the next process the same computation.
 */
export async function openTermStatistics (options: OpenTermStatisticsOptions): Promise<TermStatistics> {
  const { dir, indexCid, chunks, signal } = options
  if (!/^[a-z0-9]+$/i.test(indexCid)) throw new TypeError(`indexCid "${indexCid}" is not a CID string`)
  const file = join(dir, `${indexCid}.v${TERM_STATISTICS_VERSION}.json`)
  signal?.throwIfAborted()
  const stored = await readStored(file, indexCid, chunks, options)
  if (stored !== undefined) return stored
  const df = documentFrequencies(chunks)
  const stats = statisticsOf(chunks.length, df, chunks)
  const body: TermStatisticsFile = { version: TERM_STATISTICS_VERSION, indexCid, chunks: chunks.length, terms: [...df.keys()], df: [...df.values()] }
  const tmp = `${file}.${process.pid}.tmp`
  try {
    await mkdir(dir, { recursive: true })
    await writeFile(tmp, JSON.stringify(body), { signal })
    await rename(tmp, file)
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {})
    if ((err as Error).name === 'AbortError') throw err
    // a read-only home: the statistics are right, only not kept
  }
  return stats
}

async function readStored (file: string, indexCid: string, of: readonly Chunk[], options: AbortOptions): Promise<TermStatistics | undefined> {
  const chunks = of.length
  let parsed: Partial<TermStatisticsFile>
  try {
    parsed = JSON.parse(await readFile(file, { encoding: 'utf8', signal: options.signal })) as Partial<TermStatisticsFile>
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    return undefined
  }
  const { version, terms, df } = parsed
  if (version !== TERM_STATISTICS_VERSION || parsed.indexCid !== indexCid || parsed.chunks !== chunks) return undefined
  if (!Array.isArray(terms) || !Array.isArray(df) || terms.length !== df.length) return undefined
  const map = new Map<string, number>()
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]
    const n = df[i]
    if (typeof term !== 'string' || !Number.isSafeInteger(n) || (n as number) < 1 || (n as number) > chunks) return undefined
    map.set(term, n as number)
  }
  return statisticsOf(chunks, map, of)
}

import { JsonList } from '../../common/index.js'
import type { IndexEntry } from './index-registry.js'
import type { IndexManifest } from './index-manifest.js'
import type { BuildStats } from '../build-index.js'
import type { CID } from 'multiformats/cid'

/**
 * The index registry of a home (`indexes.json`): one {@link IndexEntry} per
 * pinned index, written through a {@link JsonList} (locked, atomic).
 */
export class IndexList {
  readonly #entries: JsonList<IndexEntry>

  constructor (file: string) {
    this.#entries = new JsonList<IndexEntry>(file, 'cid')
  }

  /** All entries, oldest first */
  async list (): Promise<IndexEntry[]> {
    return this.#entries.list()
  }

  /** Register an index this home built (or finished embedding), with its build statistics */
  async putBuilt (built: { manifest: IndexManifest, stats: BuildStats }, cid: CID, corpusName?: string): Promise<void> {
    const m = built.manifest
    await this.#entries.put({
      cid: cid.toString(),
      corpusCid: m.corpusCid,
      ...(corpusName != null ? { corpusName } : {}),
      embedder: m.embedder.id,
      chunks: m.counts.chunks,
      ...(m.counts.embedded !== undefined ? { embedded: m.counts.embedded } : {}),
      builtAt: built.stats.builtAt,
      buildMs: built.stats.buildMs,
      embeddingsReused: built.stats.embeddingsReused
    })
  }

  /**
   * Register an index this home got without building it (imported, fetched,
   * re-pinned with other settings): registered now, so it is its corpus's
   * newest index (`builtAt` is run metadata, not part of the index).
   */
  async putManifest (cid: CID, manifest: IndexManifest, corpusName?: string): Promise<IndexEntry> {
    const entry: IndexEntry = {
      cid: cid.toString(),
      corpusCid: manifest.corpusCid,
      ...(corpusName != null ? { corpusName } : {}),
      embedder: manifest.embedder.id,
      chunks: manifest.counts.chunks,
      builtAt: new Date().toISOString()
    }
    await this.#entries.put(entry)
    return entry
  }

  /** The corpus name an index was registered with */
  async corpusNameOf (cid: CID | undefined): Promise<string | undefined> {
    if (cid == null) return undefined
    return (await this.list()).find(e => e.cid === cid.toString())?.corpusName
  }

  /** Forget an index; returns its entry when it had one */
  async remove (cid: CID): Promise<IndexEntry | undefined> {
    const [removed] = await this.#entries.remove(e => e.cid === cid.toString())
    return removed
  }
}

/** Of a corpus's indexes (built with `embedderId`, when given), the most embedded one, then the newest */
export function bestIndexOf (entries: IndexEntry[], corpusCid: string, embedderId?: string): IndexEntry | undefined {
  return entries
    .filter(e => e.corpusCid === corpusCid && (embedderId == null || e.embedder === embedderId))
    .sort((a, b) => (a.embedded ?? a.chunks) - (b.embedded ?? b.chunks) || a.builtAt.localeCompare(b.builtAt))
    .at(-1)
}

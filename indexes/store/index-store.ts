import { CID } from 'multiformats/cid'
import { JsonList } from '../../common/index.js'
import { exportCar, fetchCorpus, importCar, loadDerivation, unpinDag, type CorpusStore, type FetchCorpusOptions, type ImportCarOptions, type LazyNode } from '../../corpora/index.js'
import { chooseFusion, completeIndex, prepareIndex, type BuildIndexOptions, type BuildStats, type BuiltIndex } from '../build-index.js'
import { embedRemaining, type EmbedRemainingOptions } from '../embed-remaining.js'
import { IndexNotFoundError, InvalidIndexError } from '../errors.js'
import { indexHome, type IndexEntry } from './index-registry.js'
import { loadIndex, readManifest, type LoadIndexOptions } from './load-index.js'
import { pinIndex } from './pin-index.js'
import { createQuarryIndex } from '../search/quarry-index.js'
import type { Embedder } from '../embedder.js'
import type { FusionSettings } from '../fusion/fusion-settings.js'
import { isVectorIndex } from '../search/hnsw-index.js'
import type { AbortOptions } from '@libp2p/interface'
import type { IndexManifest } from './index-manifest.js'
import type { QuarryIndex } from '../search/quarry-index.js'

/** Options for {@link IndexStore.build} */
export interface BuildOptions extends Omit<BuildIndexOptions, 'cacheDir'> {
  /**
   * Pin and register a lexical-only index first (searchable within seconds),
   * then embed; with `keepPartial` an interrupted build also pins what it
   * embedded, so searches use it. @default false
   */
  lexicalFirst?: boolean
  /** Called with the lexical-only index as soon as it is registered (`lexicalFirst`) */
  onLexicalReady?(cid: CID): void
}

/** Indexes on top of a node and its corpora */
export interface IndexStore {
  /**
   * Build, pin and register an index for a corpus (name or CID). With
   * `keepPartial`, an interrupted build pins and registers what it has, then
   * throws the abort reason; a rerun resumes from the embedding cache.
   */
  build(corpusRef: string, options: BuildOptions): Promise<{ cid: CID, manifest: IndexManifest, stats: BuildStats, index: QuarryIndex }>
  /** Registered indexes, newest last */
  list(): Promise<IndexEntry[]>
  /** Forget an index and unpin it (its blocks go at the next `gc`); returns the removed entry */
  remove(cid: CID, options?: AbortOptions): Promise<IndexEntry>
  /**
   * Find the index CID for a reference: an index CID, or a corpus name/CID
   * (the newest index of that corpus built with `embedderId`, when given).
   * A name is resolved to the corpus CID it names now: an index is found by
   * the corpus CID it was built from, never by a name that may have moved.
   */
  find(ref: string, embedderId?: string): Promise<CID | undefined>
  /** Load an index by CID (cached per store) */
  open(cid: CID, embedder: Embedder, options?: LoadIndexOptions): Promise<QuarryIndex>
  /**
   * Pin and register a copy of an opened index whose manifest carries other
   * fusion settings (e.g. weights tuned on labelled queries): a new index CID
   * that shares every other file's blocks with the original. It becomes the
   * corpus's newest index.
   */
  withFusion(index: QuarryIndex, fusion: FusionSettings, options?: AbortOptions): Promise<{ cid: CID, manifest: IndexManifest }>
  /**
   * Open the newest index of a corpus for this embedder, building it first if
   * there is none (`dense: 'none'` builds a lexical-only index: seconds)
   */
  ensure(corpusRef: string, options: BuildOptions & { onBuild?: () => void }): Promise<QuarryIndex>
  /**
   * Embed the chunks an open index lacks, adding them to it batch by batch
   * (searches use them at once), then pin and register the full index and
   * give the open index its CID. Resolves with that CID (the index's own when
   * nothing was missing). Runs until done, aborted, or {@link IndexStore.stop}.
   */
  complete(index: QuarryIndex, options?: EmbedRemainingOptions): Promise<CID | undefined>
  /** Abort every running {@link IndexStore.complete} and wait for them */
  stop(): Promise<void>
  /**
   * Register an index whose blocks are all local and pinned, reading its
   * manifest. @throws {InvalidIndexError} when the CID is not a Quarry index
   */
  register(cid: CID, options?: AbortOptions): Promise<IndexEntry>
  /** Export an index DAG as a CAR file; returns bytes written */
  exportCar(cid: CID, file: string, options?: AbortOptions): Promise<number>
  /**
   * Import an index from a CAR file (every block verified before any is
   * stored), check it is an index and register it. A CAR that is not an
   * index is unpinned again, unless its root was pinned before.
   */
  importCar(file: string, options?: ImportCarOptions): Promise<IndexEntry>
  /** Fetch a whole index DAG from peers or gateways (each block hash-checked), pin and register it */
  fetch(cid: CID, options?: FetchCorpusOptions): Promise<IndexEntry>
}

/** Create an {@link IndexStore} (finding and opening an index only reads blocks: the node starts when one is written or fetched) */
export function createIndexStore (lazy: LazyNode, corpora: CorpusStore): IndexStore {
  const home = indexHome(lazy.home.root)
  const registry = new JsonList<IndexEntry>(home.indexesFile, 'cid')
  const opened = new Map<string, QuarryIndex>()
  const running = new Set<{ controller: AbortController, done: Promise<unknown> }>()
  const completing = new Map<QuarryIndex, Promise<CID | undefined>>()

  const register = async (built: Pick<BuiltIndex, 'manifest' | 'stats'>, cid: CID, corpusName?: string): Promise<void> => {
    const m = built.manifest
    await registry.put({
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

  const store: IndexStore = {
    async build (corpusRef, options) {
      const { cid: corpusCid, entry } = await corpora.resolve(corpusRef, options)
      const derivationCid = entry?.derivation != null ? CID.parse(entry.derivation) : undefined
      const derivation = derivationCid != null ? { cid: derivationCid, texts: await loadDerivation(lazy.blocks.get, derivationCid, options) } : undefined
      const buildOptions = { ...options, cacheDir: home.embeddingCache, offline: !lazy.online, derivation }
      const { fs } = await lazy.start()
      const prepared = await prepareIndex(fs, corpusCid, buildOptions)
      if (options.lexicalFirst === true && (options.dense ?? 'all') !== 'none') {
        const lexical = await completeIndex(prepared, { ...buildOptions, dense: 'none' })
        const lexicalCid = await pinIndex(await lazy.start(), lexical, options)
        await register(lexical, lexicalCid, entry?.name)
        options.onLexicalReady?.(lexicalCid)
      }
      const built = await completeIndex(prepared, buildOptions)
      const cid = await pinIndex(await lazy.start(), built, { onProgress: options.onProgress })
      await register(built, cid, entry?.name)
      if (built.interrupted !== undefined) throw built.interrupted
      const index = createQuarryIndex({ ...built, cid }, options.embedder)
      opened.set(`${cid.toString()}|${options.embedder.id}`, index)
      return { cid, manifest: built.manifest, stats: built.stats, index }
    },

    async withFusion (index, fusion, options = {}) {
      const manifest: IndexManifest = { ...index.manifest, fusion }
      const vectors = index.vectors
      if (!isVectorIndex(vectors)) throw new InvalidIndexError('Only an index opened from its own HNSW file can be re-pinned with new fusion settings: open it from its index CID, not from a Postgres store')
      const cid = await pinIndex(await lazy.start(), { manifest, chunks: index.chunks, vectors, lexical: index.lexical }, options)
      const original = (await registry.list()).find(e => e.cid === index.cid?.toString())
      await registry.put({
        cid: cid.toString(),
        corpusCid: manifest.corpusCid,
        ...(original?.corpusName != null ? { corpusName: original.corpusName } : {}),
        embedder: manifest.embedder.id,
        chunks: manifest.counts.chunks,
        // registered now, so it is the corpus's newest index
        builtAt: new Date().toISOString()
      })
      return { cid, manifest }
    },

    async list () {
      return registry.list()
    },

    async remove (cid, options = {}) {
      const [removed] = await registry.remove(e => e.cid === cid.toString())
      const unpinned = await unpinDag((await lazy.start()).helia, cid, options)
      if (removed == null && !unpinned) throw new IndexNotFoundError(`No index ${cid.toString()} in this home (see \`quarry index list\`)`)
      for (const key of [...opened.keys()]) if (key.startsWith(`${cid.toString()}|`)) opened.delete(key)
      return removed ?? { cid: cid.toString(), corpusCid: '', embedder: '', chunks: 0, builtAt: '' }
    },

    async find (ref, embedderId) {
      const entries = await registry.list()
      const direct = entries.find(e => e.cid === ref)
      if (direct != null) return CID.parse(direct.cid)
      if (/^(b|Qm)/.test(ref)) {
        // a CID that is itself an index (e.g. imported from a CAR or fetched), even if not registered here
        try {
          const cid = CID.parse(ref)
          if (await lazy.blocks.has(cid)) {
            await readManifest(lazy.blocks.fs, cid, { offline: true })
            return cid
          }
        } catch {
          // not an index: treat it as a corpus reference below
        }
      }
      let corpusCid: string | undefined
      try {
        corpusCid = (await corpora.resolve(ref)).cid.toString()
      } catch (err) {
        if ((err as Error).name !== 'CorpusNotFoundError') throw err
      }
      const matches = entries.filter(e => corpusCid != null && e.corpusCid === corpusCid && (embedderId == null || e.embedder === embedderId))
      // the most embedded index wins, then the newest
      const newest = matches.sort((a, b) => (a.embedded ?? a.chunks) - (b.embedded ?? b.chunks) || a.builtAt.localeCompare(b.builtAt)).at(-1)
      return newest != null ? CID.parse(newest.cid) : undefined
    },

    async open (cid, embedder, options = {}) {
      const key = `${cid.toString()}|${embedder.id}`
      const cached = opened.get(key)
      if (cached != null) return cached
      const index = await loadIndex(lazy, cid, embedder, { offline: !lazy.online, ...options })
      opened.set(key, index)
      return index
    },

    async register (cid, options = {}) {
      let manifest: IndexManifest
      try {
        manifest = await readManifest(lazy.blocks.fs, cid, { offline: true, signal: options.signal })
      } catch (err) {
        if ((err as Error).name === 'InvalidIndexError') throw err
        throw new InvalidIndexError(`${cid.toString()} is not a Quarry index: ${(err as Error).message}`, { cause: err })
      }
      const entry: IndexEntry = {
        cid: cid.toString(),
        corpusCid: manifest.corpusCid,
        embedder: manifest.embedder.id,
        chunks: manifest.counts.chunks,
        // registration time: when this home got it (run metadata, not part of the index)
        builtAt: new Date().toISOString()
      }
      await registry.put(entry)
      return entry
    },

    async exportCar (cid, file, options = {}) {
      return exportCar((await lazy.start()).helia, cid, file, options)
    },

    async importCar (file, options = {}) {
      const before = new Set<string>()
      const { helia } = await lazy.start()
      for await (const pin of helia.pins.ls()) before.add(pin.cid.toString())
      const { cid } = await importCar(helia, file, options)
      try {
        return await store.register(cid, options)
      } catch (err) {
        if (!before.has(cid.toString())) {
          try {
            await unpinDag(helia, cid)
          } catch {
            // the error that matters is the one below
          }
        }
        throw err
      }
    },

    async fetch (cid, options = {}) {
      await fetchCorpus(await lazy.start(), cid, options)
      return store.register(cid, options)
    },

    async ensure (corpusRef, options) {
      const existing = await store.find(corpusRef, options.embedder.id)
      if (existing != null) return store.open(existing, options.embedder, options)
      // a corpus that does not exist fails here, before a build is announced
      await corpora.resolve(corpusRef, options)
      options.onBuild?.()
      const { cid, index } = await store.build(corpusRef, options)
      if (cid == null) throw new IndexNotFoundError(`Could not build an index for ${corpusRef}`)
      return index
    },

    async complete (index, options = {}) {
      if (index.embedded >= index.chunks.length) return index.cid
      const already = completing.get(index)
      if (already != null) return already
      const controller = new AbortController()
      const signal = options.signal == null ? controller.signal : AbortSignal.any([options.signal, controller.signal])
      const task = (async () => {
        const started = Date.now()
        const corpusName = index.cid == null ? undefined : (await registry.list()).find(e => e.cid === index.cid?.toString())?.corpusName
        const computed = await embedRemaining(index, { ...options, signal, cacheDir: home.embeddingCache })
        const vectors = index.vectors
        if (!isVectorIndex(vectors)) throw new InvalidIndexError('An index whose vectors live in Postgres is not embedded progressively')
        // every chunk has its vector now: calibrate the fusion as a full build does
        index.manifest.fusion = await chooseFusion({ manifest: index.manifest, chunks: index.chunks, vectors, lexical: index.lexical }, index.embedder, { embedder: index.embedder, signal })
        const stats: BuildStats = { builtAt: new Date().toISOString(), buildMs: Date.now() - started, embeddingsReused: index.chunks.length - computed }
        const built = { manifest: index.manifest, chunks: index.chunks, vectors, lexical: index.lexical, embeddings: [], stats }
        const cid = await pinIndex(await lazy.start(), built, { signal })
        await register(built, cid, corpusName)
        index.cid = cid
        opened.set(`${cid.toString()}|${index.embedder.id}`, index)
        return cid
      })()
      const entry = { controller, done: task.catch(() => {}) }
      running.add(entry)
      completing.set(index, task)
      try {
        return await task
      } finally {
        running.delete(entry)
        completing.delete(index)
      }
    },

    async stop () {
      const all = [...running]
      for (const r of all) r.controller.abort()
      await Promise.all(all.map(async r => r.done))
    }
  }
  return store
}

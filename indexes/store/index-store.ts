import { CID } from 'multiformats/cid'
import { exportCar, fetchCorpus, importCar, loadDerivation, unpinDag, type CorpusStore, type FetchCorpusOptions, type ImportCarOptions, type LazyNode } from '../../corpora/index.js'
import { chooseFusion, completeIndex, prepareIndex, type BuildIndexOptions, type BuildStats, type BuiltIndex } from '../build-index.js'
import { embedRemaining, type EmbedRemainingOptions } from '../embed-remaining.js'
import { IndexNotFoundError, InvalidIndexError } from '../errors.js'
import { indexHome, type IndexEntry } from './index-registry.js'
import { IndexList } from './index-list.js'
import { findIndex } from './find-index.js'
import { BackgroundTasks } from './background-tasks.js'
import { loadIndex, readManifest, type LoadIndexOptions } from './load-index.js'
import { pinIndex as pinIndexFiles } from './pin-index.js'
import { createQuarryIndex } from '../search/quarry-index.js'
import type { Embedder } from '../embedder.js'
import type { FusionSettings } from '../fusion/fusion-settings.js'
import { isVectorIndex } from '../search/hnsw-index.js'
import { isLexicalIndex } from '../search/lexical-index.js'
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

/** Options for {@link createIndexStore} */
export interface IndexStoreOptions {
  /** The largest index file pinned whole; a larger one is pinned in parts of this size. @default `DEFAULT_INDEX_PART_BYTES` */
  partBytes?: number
}

/** Create an {@link IndexStore} (finding and opening an index only reads blocks: the node starts when one is written or fetched) */
export function createIndexStore (lazy: LazyNode, corpora: CorpusStore, storeOptions: IndexStoreOptions = {}): IndexStore {
  // every index this store pins is split at the same size
  const pinIndex: typeof pinIndexFiles = async (node, index, options = {}) => pinIndexFiles(node, index, { ...storeOptions, ...options })
  const home = indexHome(lazy.home.root)
  const registry = new IndexList(home.indexesFile)
  const opened = new Map<string, QuarryIndex>()
  const key = (cid: CID, embedderId: string): string => `${cid.toString()}|${embedderId}`
  const completions = new BackgroundTasks<QuarryIndex, CID | undefined>()

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
        await registry.putBuilt(lexical, lexicalCid, entry?.name)
        options.onLexicalReady?.(lexicalCid)
      }
      const built = await completeIndex(prepared, buildOptions)
      const cid = await pinIndex(await lazy.start(), built, { onProgress: options.onProgress })
      await registry.putBuilt(built, cid, entry?.name)
      if (built.interrupted !== undefined) throw built.interrupted
      const index = createQuarryIndex({ ...built, cid }, options.embedder)
      opened.set(key(cid, options.embedder.id), index)
      return { cid, manifest: built.manifest, stats: built.stats, index }
    },

    async withFusion (index, fusion, options = {}) {
      const manifest: IndexManifest = { ...index.manifest, fusion }
      const { vectors, lexical } = index
      if (!isVectorIndex(vectors) || !isLexicalIndex(lexical)) throw new InvalidIndexError('Only an index opened from its own HNSW file can be re-pinned with new fusion settings: open it from its index CID, not from a Postgres store')
      const cid = await pinIndex(await lazy.start(), { manifest, chunks: index.chunks, vectors, lexical }, options)
      // registered now, so it is the corpus's newest index
      await registry.putManifest(cid, manifest, await registry.corpusNameOf(index.cid))
      return { cid, manifest }
    },

    async list () {
      return registry.list()
    },

    async remove (cid, options = {}) {
      const removed = await registry.remove(cid)
      const unpinned = await unpinDag((await lazy.start()).helia, cid, options)
      if (removed == null && !unpinned) throw new IndexNotFoundError(`No index ${cid.toString()} in this home (see \`quarry index list\`)`)
      for (const k of [...opened.keys()]) if (k.startsWith(`${cid.toString()}|`)) opened.delete(k)
      return removed ?? { cid: cid.toString(), corpusCid: '', embedder: '', chunks: 0, builtAt: '' }
    },

    async find (ref, embedderId) {
      return findIndex(ref, embedderId, { entries: await registry.list(), blocks: lazy.blocks, corpora })
    },

    async open (cid, embedder, options = {}) {
      const cached = opened.get(key(cid, embedder.id))
      if (cached != null) return cached
      const index = await loadIndex(lazy, cid, embedder, { offline: !lazy.online, ...options })
      opened.set(key(cid, embedder.id), index)
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
      // registration time: when this home got it
      return registry.putManifest(cid, manifest)
    },

    async exportCar (cid, file, options = {}) {
      return exportCar((await lazy.start()).helia, cid, file, options)
    },

    async importCar (file, options = {}) {
      const { helia } = await lazy.start()
      return importIndexCar(helia, file, options, async (cid) => store.register(cid, options))
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
      return completions.run(index, async (signal) => {
        const cid = await embedAndPin(index, { lazy, registry, cacheDir: home.embeddingCache, pinIndex }, { ...options, signal })
        opened.set(key(cid, index.embedder.id), index)
        return cid
      }, options.signal)
    },

    async stop () {
      await completions.stop()
    }
  }
  return store
}

/**
 * Embed what an open index lacks, calibrate its fusion as a full build does,
 * pin and register the full index, and give the open index its CID.
 */
async function embedAndPin (index: QuarryIndex, { lazy, registry, cacheDir, pinIndex }: { lazy: LazyNode, registry: IndexList, cacheDir: string, pinIndex: typeof pinIndexFiles }, options: EmbedRemainingOptions & { signal: AbortSignal }): Promise<CID> {
  const started = Date.now()
  const corpusName = await registry.corpusNameOf(index.cid)
  const computed = await embedRemaining(index, { ...options, cacheDir })
  const { vectors, lexical } = index
  if (!isVectorIndex(vectors) || !isLexicalIndex(lexical)) throw new InvalidIndexError('An index whose vectors live in Postgres is not embedded progressively')
  // every chunk has its vector now: calibrate the fusion as a full build does
  index.manifest.fusion = await chooseFusion({ manifest: index.manifest, chunks: index.chunks, vectors, lexical }, index.embedder, { embedder: index.embedder, signal: options.signal })
  const stats: BuildStats = { builtAt: new Date().toISOString(), buildMs: Date.now() - started, embeddingsReused: index.chunks.length - computed }
  const built = { manifest: index.manifest, chunks: index.chunks, vectors, lexical, embeddings: [], stats }
  const cid = await pinIndex(await lazy.start(), built, { signal: options.signal })
  await registry.putBuilt(built, cid, corpusName)
  index.cid = cid
  return cid
}

/**
 * Import an index CAR and register it with `register`; a CAR whose root is
 * not an index is unpinned again, unless its root was pinned before.
 */
async function importIndexCar (helia: Parameters<typeof importCar>[0], file: string, options: ImportCarOptions, register: (cid: CID) => Promise<IndexEntry>): Promise<IndexEntry> {
  const before = new Set<string>()
  for await (const pin of helia.pins.ls()) before.add(pin.cid.toString())
  const { cid } = await importCar(helia, file, options)
  try {
    return await register(cid)
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
}

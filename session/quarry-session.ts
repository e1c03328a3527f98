import { createCorpusStore, openLazyNode, type CorpusStore, type LazyNode, type QuarryNodeOptions } from '../corpora/index.js'
import { createEmbedder, knownDimensions, createIndexStore, openPostgresStore, parseEmbedderSpec, type ConnectedPostgresStore, type Embedder, type IndexProgressEvent, type IndexStore, type PostgresStore, type QuarryIndex, type DenseBuild } from '../indexes/index.js'
import { CATALOGUE } from './catalogue.js'
import { resolveSettings, type QuarrySettings } from './settings.js'
import { IndexOpener } from './index-opener.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link QuarrySession.openIndex} */
export interface OpenIndexOptions extends AbortOptions {
  /** Index CID, or corpus name/CID (its newest index). @default the session's default corpus */
  ref?: string
  /** Embedder spec (`use`, `transformers:…`, `openai:…`). @default an existing index's own embedder; for a new index the settings' embedder (`QUARRY_EMBEDDER`), else `use` */
  embedder?: string
  onProgress?(event: IndexProgressEvent): void
  /**
   * How much to embed when the corpus has no index yet: `'none'` builds a
   * lexical-only index in seconds (embed the rest later with
   * `indexes.complete` or `quarry index build`). @default 'all'
   */
  dense?: DenseBuild
  /** Called before an index is built because none exists yet */
  onBuild?(ref: string): void
  /**
   * Keep chunks and vectors in this Postgres store (`postgres://…`, pgvector)
   * instead of loading the in-process HNSW file; the index is copied there
   * on first use. BM25 and fusion stay in Quarry.
   */
  store?: string
  /**
   * When `ref` is an index CID this home lacks (on an online node): give up
   * finding its manifest, and then fetching it, after this many milliseconds.
   * @default 60000 to find the manifest, 300000 to fetch the index
   */
  fetchTimeoutMs?: number
}

/** A node, its corpora and indexes: what the CLI, tools and MCP server work with */
export interface QuarrySession {
  /**
   * The session's node: `node.blocks` reads (hashed) without starting Helia;
   * `await node.start()` gives the Helia node, for writing, serving, fetching
   */
  node: LazyNode
  corpora: CorpusStore
  indexes: IndexStore
  /** Default corpus name (`QUARRY_CORPUS` or `filecoin-docs`) */
  defaultCorpus: string
  /** The settings this session was opened with */
  settings: QuarrySettings
  /**
   * Open the index for a reference, importing a catalogue corpus (the
   * embedded Filecoin docs) and building its index first when needed.
   */
  openIndex(options?: OpenIndexOptions): Promise<QuarryIndex>
  /**
   * Create an embedder (cached per session): `spec` when given, else the
   * embedder an index was built with (`manifestId`), else the settings'
   * embedder, else `use`
   */
  embedder(spec?: string, manifestId?: string): Promise<Embedder>
  /** Connect to a Postgres store by URL (one connection per URL, closed with the session) */
  store(url: string): Promise<PostgresStore>
  close(): Promise<void>
}

/** Options for {@link openQuarrySession}; `home`, `network` and `defaultCorpus` win over `settings` */
export interface QuarrySessionOptions extends QuarryNodeOptions {
  /** Corpus used when none is named. @default the settings' (`QUARRY_CORPUS`, else `filecoin-docs`) */
  defaultCorpus?: string
  /** Resolved settings. @default {@link resolveSettings} of the environment (no `.env` file: pass settings resolved with `envFile` to read one) */
  settings?: QuarrySettings
  /** Receives non-fatal messages from the embedders (e.g. no GPU: running on the CPU) */
  onWarning?: (message: string) => void
}

/** Open a {@link QuarrySession} on a home (its Helia node starts when a command first needs it) */
export async function openQuarrySession (options: QuarrySessionOptions = {}): Promise<QuarrySession> {
  const base = options.settings ?? resolveSettings()
  const settings: QuarrySettings = {
    ...base,
    ...(options.home != null ? { home: options.home } : {}),
    ...(options.network != null ? { network: options.network } : {}),
    ...(options.defaultCorpus != null ? { defaultCorpus: options.defaultCorpus } : {})
  }
  const node = await openLazyNode({ home: settings.home, network: settings.network })
  const corpora = createCorpusStore(node, { wellKnown: CATALOGUE })
  const indexes = createIndexStore(node, corpora, settings.indexPartBytes != null ? { partBytes: settings.indexPartBytes } : {})
  const embedders = new Map<string, Promise<Embedder>>()
  const stores = new Map<string, Promise<ConnectedPostgresStore>>()
  const defaultCorpus = settings.defaultCorpus

  const session: QuarrySession = {
    node,
    corpora,
    indexes,
    defaultCorpus,
    settings,
    async embedder (spec, manifestId) {
      const fromManifest = manifestId == null ? undefined : manifestId.startsWith('use:') ? 'use' : manifestId
      const key = spec ?? fromManifest ?? settings.embedder ?? 'use'
      let p = embedders.get(key)
      if (p == null) {
        p = (async () => {
          const parsed = parseEmbedderSpec(key, settings.env)
          const spec = parsed.kind === 'use'
            ? { ...parsed, ...(settings.embedThreads != null ? { threads: settings.embedThreads } : {}), ...(settings.useRuntime != null ? { runtime: settings.useRuntime } : {}) }
            : parsed
          const e = createEmbedder(spec, options.onWarning == null ? {} : { onWarning: options.onWarning }) as Embedder & { init?: () => Promise<unknown> }
          // an embedder that knows its dimensions loads its model on first use, so
          // a lexical search or a one-shot command never waits for a model it does not need
          if (typeof e.init === 'function' && knownDimensions(e) === undefined) await e.init()
          return e
        })()
        embedders.set(key, p)
        p.catch(() => embedders.delete(key))
      }
      return p
    },
    async store (url) {
      let p = stores.get(url)
      if (p == null) {
        p = openPostgresStore(url)
        stores.set(url, p)
        p.catch(() => stores.delete(url))
      }
      return (await p).store
    },
    async openIndex (opts = {}) {
      return opener.open(opts)
    },
    async close () {
      await opener.close()
      await indexes.stop()
      for (const p of stores.values()) await p.then(async s => s.close(), () => {})
      await node.stop()
    }
  }
  const opener = new IndexOpener(session)
  return session
}

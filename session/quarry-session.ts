import { createCorpusStore, createQuarryNode, type CorpusStore, type QuarryNode, type QuarryNodeOptions } from '../corpora/index.js'
import { createEmbedder, createIndexStore, parseEmbedderSpec, readManifest, type Embedder, type IndexProgressEvent, type IndexStore, type QuarryIndex } from '../indexes/index.js'
import { DEFAULT_CORPUS, ensureCatalogueCorpus } from './default-corpus.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link QuarrySession.openIndex} */
export interface OpenIndexOptions extends AbortOptions {
  /** Index CID, or corpus name/CID (its newest index). @default the session's default corpus */
  ref?: string
  /** Embedder spec (`use`, `transformers:…`, `openai:…`). @default the index's own embedder, or `QUARRY_EMBEDDER`, or `use` */
  embedder?: string
  onProgress?(event: IndexProgressEvent): void
  /** Called before an index is built because none exists yet */
  onBuild?(ref: string): void
}

/** A node, its corpora and indexes: what the CLI, tools and MCP server work with */
export interface QuarrySession {
  node: QuarryNode
  corpora: CorpusStore
  indexes: IndexStore
  /** Default corpus name (`QUARRY_CORPUS` or `filecoin-docs`) */
  defaultCorpus: string
  /**
   * Open the index for a reference, importing a catalogue corpus (the
   * embedded Filecoin docs) and building its index first when needed.
   */
  openIndex(options?: OpenIndexOptions): Promise<QuarryIndex>
  /** Create an embedder from a spec string (embedders are cached per session) */
  embedder(spec?: string, manifestId?: string): Promise<Embedder>
  close(): Promise<void>
}

/** Options for {@link openQuarrySession} */
export interface QuarrySessionOptions extends QuarryNodeOptions {
  /** Corpus used when none is named. @default `QUARRY_CORPUS`, else `filecoin-docs` */
  defaultCorpus?: string
}

/** Start a node and open a {@link QuarrySession} on it */
export async function openQuarrySession (options: QuarrySessionOptions = {}): Promise<QuarrySession> {
  const node = await createQuarryNode(options)
  const corpora = createCorpusStore(node)
  const indexes = createIndexStore(node, corpora)
  const embedders = new Map<string, Promise<Embedder>>()
  const defaultCorpus = options.defaultCorpus ?? process.env.QUARRY_CORPUS ?? DEFAULT_CORPUS

  const session: QuarrySession = {
    node,
    corpora,
    indexes,
    defaultCorpus,
    async embedder (spec, manifestId) {
      let text = spec ?? process.env.QUARRY_EMBEDDER
      if (text == null && manifestId != null) text = manifestId.startsWith('use:') ? 'use' : manifestId
      const key = text ?? 'use'
      let p = embedders.get(key)
      if (p == null) {
        p = (async () => {
          const e = createEmbedder(parseEmbedderSpec(key, process.env)) as Embedder & { init?: () => Promise<unknown> }
          if (typeof e.init === 'function') await e.init()
          return e
        })()
        embedders.set(key, p)
        p.catch(() => embedders.delete(key))
      }
      return p
    },
    async openIndex (opts = {}) {
      const ref = opts.ref ?? defaultCorpus
      const found = await indexes.find(ref)
      if (found != null && opts.embedder == null) {
        const manifest = await readManifest(node.fs, found, { offline: !node.online, signal: opts.signal })
        return indexes.open(found, await session.embedder(undefined, manifest.embedder.id), { signal: opts.signal })
      }
      const embedder = await session.embedder(opts.embedder)
      await ensureCatalogueCorpus(corpora, ref, { onProgress: opts.onProgress, signal: opts.signal })
      return indexes.ensure(ref, { embedder, onProgress: opts.onProgress, signal: opts.signal, onBuild: () => opts.onBuild?.(ref) })
    },
    async close () {
      await node.stop()
    }
  }
  return session
}

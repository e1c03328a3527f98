import { isCid } from '../corpora/index.js'
import { copyIndexToStore, IndexNotFoundError, openStoredIndex, readManifest, type IndexProgressEvent, type QuarryIndex } from '../indexes/index.js'
import { ensureCatalogueCorpus } from './default-corpus.js'
import { fetchRemoteIndex } from './fetch-remote-index.js'
import type { OpenIndexOptions, QuarrySession } from './quarry-session.js'

/** The parts of a session an {@link IndexOpener} opens indexes with */
type SessionParts = Pick<QuarrySession, 'node' | 'corpora' | 'indexes' | 'defaultCorpus' | 'settings' | 'embedder' | 'store'>

/** One open or build in progress, and the callers waiting on it */
interface SharedOpen {
  done: Promise<QuarryIndex>
  progress: Set<(event: IndexProgressEvent) => void>
  builds: Set<(ref: string) => void>
}

/**
 * The one way Quarry opens an index (`session.openIndex`; the tools, the CLI,
 * the LangChain retriever and the MCP server all come here). A reference is
 * an index CID (local, else fetched when the node is online) or a corpus
 * name/CID, whose newest index is opened, built first when there is none (a
 * catalogue corpus is imported first). Concurrent calls with the same
 * reference and options share one open or build: each caller gets its
 * progress and its `onBuild`, and a caller's `signal` only stops that caller
 * waiting. The shared work stops when the session closes.
 */
export class IndexOpener {
  readonly #session: SessionParts
  readonly #pending = new Map<string, SharedOpen>()
  readonly #stored = new Map<string, Promise<QuarryIndex>>()
  readonly #lifetime = new AbortController()

  constructor (session: SessionParts) {
    this.#session = session
  }

  /** Open (or build) the index `opts.ref` names; see {@link OpenIndexOptions} */
  async open (opts: OpenIndexOptions = {}): Promise<QuarryIndex> {
    opts.signal?.throwIfAborted()
    const ref = opts.ref ?? this.#session.defaultCorpus
    const key = JSON.stringify([ref, opts.embedder ?? null, opts.dense ?? 'all', opts.store ?? null])
    let shared = this.#pending.get(key)
    if (shared == null) {
      const progress = new Set<(event: IndexProgressEvent) => void>()
      const builds = new Set<(ref: string) => void>()
      const done = this.#openOnce(ref, opts, {
        onProgress: (event) => { for (const listener of progress) listener(event) },
        onBuild: (r) => { for (const listener of builds) listener(r) }
      })
      shared = { done, progress, builds }
      this.#pending.set(key, shared)
      done.then(() => this.#pending.delete(key), () => this.#pending.delete(key))
    }
    const { progress, builds } = shared
    if (opts.onProgress != null) progress.add(opts.onProgress)
    if (opts.onBuild != null) builds.add(opts.onBuild)
    try {
      return await abortable(shared.done, opts.signal)
    } finally {
      if (opts.onProgress != null) progress.delete(opts.onProgress)
      if (opts.onBuild != null) builds.delete(opts.onBuild)
    }
  }

  /** Stop the opens and builds in progress and wait until each has settled */
  async close (): Promise<void> {
    this.#lifetime.abort()
    await Promise.allSettled([...this.#pending.values()].map(async p => p.done))
  }

  /** Open the index for `ref` once, with the session's lifetime as its signal */
  async #openOnce (ref: string, opts: OpenIndexOptions, events: Required<Pick<OpenIndexOptions, 'onProgress' | 'onBuild'>>): Promise<QuarryIndex> {
    const { node, indexes, corpora, settings } = this.#session
    const signal = this.#lifetime.signal
    const found = (await indexes.find(ref)) ?? (node.online ? await fetchRemoteIndex(await node.start(), indexes, ref, { signal, ...(opts.fetchTimeoutMs != null ? { probeTimeoutMs: opts.fetchTimeoutMs, timeoutMs: opts.fetchTimeoutMs } : {}) }) : undefined)
    if (opts.store != null) {
      const cid = found ?? (await this.#openOnce(ref, { ...opts, store: undefined }, events)).cid
      if (cid == null) throw new Error(`No pinned index for ${ref}`)
      return this.#openStored(cid, opts.store, opts.embedder, events.onProgress)
    }
    if (found != null && opts.embedder == null) {
      const manifest = await readManifest(node.blocks.fs, found, { offline: !node.online, signal })
      return indexes.open(found, await this.#session.embedder(undefined, manifest.embedder.id), { signal })
    }
    const embedder = await this.#session.embedder(opts.embedder)
    await ensureCatalogueCorpus(corpora, ref, { shared: settings.shared, onProgress: events.onProgress, signal })
    try {
      return await indexes.ensure(ref, { embedder, onProgress: events.onProgress, signal, onBuild: () => events.onBuild(ref), ...(opts.dense != null ? { dense: opts.dense } : {}) })
    } catch (err) {
      // a CID that is neither a known index nor a local corpus: most often an index built on another machine
      if ((err as Error).name === 'CorpusNotFoundError' && isCid(ref)) {
        throw new IndexNotFoundError(`${ref} is neither an index nor a corpus in the Quarry home ${settings.home}: open it with the home that built it, fetch its blocks here, or build an index of its corpus here`, { cause: err })
      }
      throw err
    }
  }

  /** An index whose chunks, vectors and postings live in a Postgres store, copied there on first use (one open per store, index and embedder) */
  async #openStored (cid: NonNullable<QuarryIndex['cid']>, url: string, embedderSpec: string | undefined, onProgress: (event: IndexProgressEvent) => void): Promise<QuarryIndex> {
    const { node } = this.#session
    const signal = this.#lifetime.signal
    const manifest = await readManifest(node.blocks.fs, cid, { offline: !node.online, signal })
    const embedder = await this.#session.embedder(embedderSpec, manifest.embedder.id)
    const key = `${url}|${cid.toString()}|${embedder.id}`
    let p = this.#stored.get(key)
    if (p == null) {
      p = (async () => {
        const store = await this.#session.store(url)
        const started = await node.start()
        // a copy from before the store held postings is made again (an index with RM3 feedback ranks in process)
        const stale = manifest.lexical.feedback === undefined && await store.lexicalInfo(cid.toString()) == null
        if (stale || await store.info(cid.toString()) == null) await copyIndexToStore(started, cid, store, { signal })
        return openStoredIndex(started, cid, embedder, store, { signal, onProgress })
      })()
      this.#stored.set(key, p)
      p.catch(() => this.#stored.delete(key))
    }
    return p
  }
}

/** Wait for `p`, or reject with the signal's reason when it aborts first */
async function abortable<T> (p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal == null) return p
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

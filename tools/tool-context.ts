import type { IndexProgressEvent, QuarryIndex } from '../indexes/index.js'
import type { QuarrySession } from '../session/index.js'
import type { AbortOptions } from '@libp2p/interface'

/** Options for {@link ToolContext.openIndex} */
export interface ToolIndexOptions extends AbortOptions {
  /** Progress of a build this call waits on (also delivered to the context's own `onProgress`) */
  onProgress?(event: IndexProgressEvent): void
}

/** What the Quarry tools work with: a session, plus shared, de-duplicated index opening */
export interface ToolContext {
  session: QuarrySession
  /**
   * Open the index for a corpus name/CID or index CID (default: the
   * context's default reference) through `session.openIndex`, importing and
   * building it on first use. Concurrent calls for the same reference share
   * one open/build; a call's `signal` only stops that call waiting, never the
   * shared build.
   */
  openIndex(ref?: string, options?: ToolIndexOptions): Promise<QuarryIndex>
  /** Indexes this context has finished opening, in the order they opened */
  openedIndexes(): QuarryIndex[]
  /** The reference the tools use when given no corpus. @default the session's default corpus */
  defaultRef?(): string
  /** Make `ref` (the corpus or index the user chose) the tools' default */
  setDefaultRef?(ref: string): void
}

/** Options for {@link createToolContext} */
export interface ToolContextOptions {
  /** Embedder spec for indexes built by the tools. @default the session's default */
  embedder?: string
  /** Progress of every index open/build the tools start */
  onProgress?(event: IndexProgressEvent): void
  /** Called when a reference has no index yet and one is about to be built */
  onBuild?(ref: string): void
  /** The corpus name/CID or index CID the tools use when given none. @default the session's default corpus */
  defaultRef?: string
  /**
   * Progressive indexing for long-lived processes (MCP server, chat): a corpus
   * without an index gets a lexical-only one at once, and any index that is
   * not fully embedded is embedded in the background (searches use what is
   * there). @default false
   */
  progressive?: boolean
  /** Called when a background embedding finishes (with the full index's CID) or fails */
  onBackground?(index: QuarryIndex, result: { cid?: string, error?: Error }): void
}

/**
 * Create the {@link ToolContext} shared by a set of tools. Opening goes
 * through `session.openIndex` (which shares concurrent opens and builds);
 * the context adds its default reference, its own progress listener, the
 * list of indexes it opened and, when `progressive`, background embedding.
 */
export function createToolContext (session: QuarrySession, options: ToolContextOptions = {}): ToolContext {
  const opened: QuarryIndex[] = []
  const listeners = new Set<(event: IndexProgressEvent) => void>()
  let defaultRef = options.defaultRef ?? session.defaultCorpus

  // one listener object for every open, so a shared build reports to this context once
  const onProgress = (event: IndexProgressEvent): void => {
    options.onProgress?.(event)
    for (const listener of listeners) listener(event)
  }

  const remember = (index: QuarryIndex): QuarryIndex => {
    if (opened.includes(index)) return index
    opened.push(index)
    if (options.progressive === true && index.embedded < index.chunks.length) {
      session.indexes.complete(index, { onProgress }).then(
        cid => options.onBackground?.(index, cid == null ? {} : { cid: cid.toString() }),
        (err: Error) => { if (err.name !== 'AbortError') options.onBackground?.(index, { error: err }) }
      )
    }
    return index
  }

  return {
    session,
    async openIndex (ref, opts = {}) {
      const listener = opts.onProgress
      if (listener != null) listeners.add(listener)
      try {
        return remember(await session.openIndex({
          ref: ref ?? defaultRef,
          embedder: options.embedder,
          onProgress,
          ...(options.onBuild != null ? { onBuild: options.onBuild } : {}),
          ...(options.progressive === true ? { dense: 'none' as const } : {}),
          ...(opts.signal != null ? { signal: opts.signal } : {})
        }))
      } finally {
        if (listener != null) listeners.delete(listener)
      }
    },
    openedIndexes () {
      return [...opened]
    },
    defaultRef () {
      return defaultRef
    },
    setDefaultRef (ref) {
      defaultRef = ref
    }
  }
}

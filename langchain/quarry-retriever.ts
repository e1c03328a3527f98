import { Document } from '@langchain/core/documents'
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers'
import { DEFAULT_K, DEFAULT_SEARCH_MODE, toWireResult, type QuarryIndex, type SearchMode, type WireResult } from '../indexes/index.js'
import { openQuarrySession, type QuarrySession } from '../session/index.js'
import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager'

/** Options for {@link QuarryRetriever} */
export interface QuarryRetrieverOptions extends BaseRetrieverInput {
  /** Corpus name or CID to search (its newest index; imported and built on first use for catalogue corpora) */
  corpus: string
  /** Index CID to search instead of the corpus's newest index */
  index?: string
  /** Passages per query. @default 5 */
  k?: number
  /** Search mode. @default 'hybrid' */
  mode?: SearchMode
  /** Quarry home folder. @default the settings' (`--home`/`QUARRY_HOME`/`.env`, else `~/.quarry`) */
  home?: string
  /** An open session to use instead of opening one (the retriever then leaves it open on `close()`) */
  session?: QuarrySession
}

/**
 * What each {@link QuarryRetriever} document carries in `metadata`: the
 * passage's search result as JSON (chunk CID, document CID, path, title,
 * headings, page, UTF-8 byte range, rank, score; `pageContent` is its text,
 * which hashes to `chunkCid`), plus the corpus and index searched
 */
export interface QuarryDocumentMetadata extends Omit<WireResult, 'text'> {
  /** Root CID of the corpus searched */
  corpusCid: string
  /** CID of the index searched */
  indexCid: string
}

/**
 * Quarry as a LangChain retriever: drop it into any chain or agent that
 * takes a `BaseRetriever`. Each `Document` is one passage, with its chunk
 * CID, document CID, path, byte range, corpus CID and index CID in
 * `metadata`, so answers built on it stay verifiable. The retriever opens a
 * local Quarry session on first use; call {@link close} when done.
 *
 * @example
 * ```ts
 * const retriever = new QuarryRetriever({ corpus: 'filecoin-docs', k: 4 })
 * const docs = await retriever.invoke('How long do storage deals last?')
 * await retriever.close()
 * ```
 */
export class QuarryRetriever extends BaseRetriever<QuarryDocumentMetadata> {
  static override lc_name (): string {
    return 'QuarryRetriever'
  }

  override lc_namespace = ['quarry', 'retrievers']
  readonly corpus: string
  readonly index?: string
  readonly k: number
  readonly mode: SearchMode
  readonly home?: string
  #session?: Promise<QuarrySession>
  #ownsSession: boolean
  #opened?: Promise<QuarryIndex>

  constructor (options: QuarryRetrieverOptions) {
    super(options)
    if (typeof options.corpus !== 'string' || options.corpus.trim() === '') throw new TypeError('QuarryRetriever needs a corpus name or CID')
    this.corpus = options.corpus
    if (options.index != null) this.index = options.index
    this.k = options.k ?? DEFAULT_K
    this.mode = options.mode ?? DEFAULT_SEARCH_MODE
    if (options.home != null) this.home = options.home
    this.#ownsSession = options.session == null
    if (options.session != null) this.#session = Promise.resolve(options.session)
  }

  /** The index searched (opened, and built when needed, on first use) */
  async openIndex (): Promise<QuarryIndex> {
    this.#opened ??= (async () => {
      this.#session ??= openQuarrySession({ defaultCorpus: this.corpus, ...(this.home != null ? { home: this.home } : {}) })
      const session = await this.#session
      return session.openIndex({ ref: this.index ?? this.corpus })
    })()
    this.#opened.catch(() => { this.#opened = undefined })
    return this.#opened
  }

  override async _getRelevantDocuments (query: string, runManager?: CallbackManagerForRetrieverRun): Promise<Array<Document<QuarryDocumentMetadata>>> {
    const index = await this.openIndex()
    const results = await index.search(query, { k: this.k, mode: this.mode })
    runManager?.handleText?.(`quarry: ${results.length} passages from index ${index.provenance.indexCid}`)
    return results.map(r => {
      const { text, ...wire } = toWireResult(r)
      return new Document<QuarryDocumentMetadata>({
        pageContent: text,
        id: wire.chunkCid,
        metadata: { ...wire, corpusCid: index.provenance.corpusCid, indexCid: index.provenance.indexCid }
      })
    })
  }

  /** Stop the session this retriever opened (a session passed in stays open) */
  async close (): Promise<void> {
    const session = this.#session
    this.#session = undefined
    this.#opened = undefined
    if (session != null && this.#ownsSession) await (await session).close()
  }
}

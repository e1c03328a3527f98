import { listCorpusFiles, loadFile, parseCid, readFile } from '../corpora/index.js'
import { CidNotFoundError, UnsupportedContentError } from './errors.js'
import type { ToolContext } from './tool-context.js'
import type { Chunk, QuarryIndex } from '../indexes/index.js'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link readCid} */
export interface ReadCidOptions extends AbortOptions {
  /** Corpus whose index is searched for chunk CIDs when no open index has it. @default the default corpus */
  corpus?: string
  /** Character offset into the text. @default 0 */
  offset?: number
  /** Most characters returned. @default all */
  maxChars?: number
  /** Largest file read, in bytes. @default 64 MiB */
  maxBytes?: number
}

/** What a CID turned out to be */
export type ReadKind = 'chunk' | 'document' | 'file' | 'directory'

/** The text behind a CID and what is known about it */
export interface ReadCidResult {
  cid: string
  kind: ReadKind
  /** The text (a page of it when `truncated`); a directory gives one `path  cid  size` line per entry */
  text: string
  mediaType: string
  title?: string
  /** Path inside the corpus, when known */
  path?: string
  /** For a chunk: the CID of the file it comes from */
  docCid?: string
  /** For a chunk: the corpus its index was built from */
  corpusCid?: string
  headings?: string[]
  page?: number
  /** For a chunk: its UTF-8 byte range inside the document text */
  byteStart?: number
  byteEnd?: number
  /** Characters in the whole text */
  totalChars: number
  /** Character offset of `text` */
  offset: number
  /** True when more text follows; continue at `nextOffset` */
  truncated: boolean
  nextOffset?: number
}

const chunkMaps = new WeakMap<QuarryIndex, { chunks: Map<string, Chunk>, docs: Map<string, Chunk> }>()

function lookup (index: QuarryIndex): { chunks: Map<string, Chunk>, docs: Map<string, Chunk> } {
  let maps = chunkMaps.get(index)
  if (maps == null) {
    maps = { chunks: new Map(), docs: new Map() }
    for (const c of index.chunks) {
      maps.chunks.set(c.chunkCid.toString(), c)
      if (!maps.docs.has(c.docCid.toString())) maps.docs.set(c.docCid.toString(), c)
    }
    chunkMaps.set(index, maps)
  }
  return maps
}

function findChunk (indexes: QuarryIndex[], cid: string): { chunk: Chunk, index: QuarryIndex } | undefined {
  for (const index of indexes) {
    const chunk = lookup(index).chunks.get(cid)
    if (chunk != null) return { chunk, index }
  }
  return undefined
}

/**
 * Read the text behind a CID without touching the network: a chunk CID of an
 * open (or registered) index gives the passage and its metadata; a file CID
 * in the local blockstore gives the loaded document (title and path when an
 * index or a registered corpus knows the file); a directory CID gives its
 * listing.
 *
 * @throws {InvalidCidError} when `input` is not a CID
 * @throws {CidNotFoundError} when the CID is neither local nor a known chunk
 * @throws {UnsupportedContentError} for binary files
 */
export async function readCid (ctx: ToolContext, input: string, options: ReadCidOptions = {}): Promise<ReadCidResult> {
  const cid = parseCid(input)
  const key = cid.toString()
  let found = findChunk(ctx.openedIndexes(), key)
  const local = found == null && await ctx.session.node.blocks.has(cid, { signal: options.signal })
  if (found == null && !local) {
    const ref = options.corpus ?? ctx.defaultRef?.() ?? ctx.session.defaultCorpus
    if (await ctx.session.indexes.find(ref) != null) found = findChunk([await ctx.openIndex(ref, options)], key)
  }
  if (found != null) {
    const { chunk, index } = found
    return page({
      cid: key,
      kind: 'chunk',
      text: chunk.text,
      mediaType: /\.(md|markdown)$/i.test(chunk.path) ? 'text/markdown' : 'text/plain',
      title: chunk.title,
      path: chunk.path,
      docCid: chunk.docCid.toString(),
      corpusCid: index.manifest.corpusCid,
      ...(chunk.headings != null && chunk.headings.length > 0 ? { headings: chunk.headings } : {}),
      ...(chunk.page != null ? { page: chunk.page } : {}),
      byteStart: chunk.byteStart,
      byteEnd: chunk.byteEnd
    }, options)
  }
  if (!local) {
    throw new CidNotFoundError(`CID ${key} is not in the local store: it is neither a file or folder of a local corpus nor a passage (chunk) of an index here. Use a chunkCid or docCid returned by quarry_search`)
  }
  return page(await readLocal(ctx, cid, options), options)
}

async function readLocal (ctx: ToolContext, cid: CID, options: ReadCidOptions): Promise<Omit<ReadCidResult, 'totalChars' | 'offset' | 'truncated'>> {
  const { fs } = ctx.session.node.blocks
  const key = cid.toString()
  const stat = await fs.stat(cid, { offline: true, signal: options.signal })
  if (stat.type === 'directory') {
    const lines: string[] = []
    for await (const entry of fs.ls(cid, { signal: options.signal, offline: true } as AbortOptions)) {
      lines.push(`${entry.name}  ${entry.cid.toString()}  ${String(entry.size)}`)
    }
    return { cid: key, kind: 'directory', text: lines.join('\n'), mediaType: 'text/plain' }
  }
  const path = await findPath(ctx, cid, options)
  const bytes = await readFile(fs, cid, { offline: true, signal: options.signal, maxBytes: options.maxBytes ?? 64 * 1024 * 1024 })
  const { documents, skipped } = await loadFile(bytes, path ?? key, { signal: options.signal })
  if (skipped === 'binary' || skipped === 'unsupported') {
    throw new UnsupportedContentError(`${key}${path != null ? ` (${path})` : ''} is a ${skipped} file of ${bytes.byteLength} bytes; quarry_read returns text only`)
  }
  const doc = documents.length === 1 ? documents[0] : undefined
  if (doc != null) {
    return { cid: key, kind: 'document', text: doc.text, mediaType: doc.mediaType, title: doc.title, ...(path != null ? { path } : {}) }
  }
  // several records in one file (JSON/JSONL), or an empty file: return the file's own text
  return { cid: key, kind: 'file', text: new TextDecoder().decode(bytes), mediaType: 'text/plain', ...(path != null ? { path } : {}) }
}

/** Where a file sits in a corpus: from an open index, else by walking the registered corpora */
async function findPath (ctx: ToolContext, cid: CID, options: AbortOptions): Promise<string | undefined> {
  const key = cid.toString()
  for (const index of ctx.openedIndexes()) {
    const chunk = lookup(index).docs.get(key)
    if (chunk != null) return chunk.path.includes('#') ? chunk.path.slice(0, chunk.path.indexOf('#')) : chunk.path
  }
  for (const entry of await ctx.session.corpora.list()) {
    try {
      const root = parseCidQuiet(entry.cid)
      if (root == null) continue
      for await (const file of listCorpusFiles(ctx.session.node.blocks.fs, root, { ...options, offline: true })) {
        if (file.cid.equals(cid)) return file.path
      }
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err
      // a corpus with missing blocks cannot name the file; try the next
    }
  }
  return undefined
}

function parseCidQuiet (s: string): CID | undefined {
  try {
    return parseCid(s)
  } catch {
    return undefined
  }
}

function page (r: Omit<ReadCidResult, 'totalChars' | 'offset' | 'truncated'>, options: ReadCidOptions): ReadCidResult {
  const total = r.text.length
  const offset = Math.min(Math.max(0, options.offset ?? 0), total)
  const end = options.maxChars == null ? total : Math.min(total, offset + options.maxChars)
  return {
    ...r,
    text: r.text.slice(offset, end),
    totalChars: total,
    offset,
    truncated: end < total,
    ...(end < total ? { nextOffset: end } : {})
  }
}

import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { IMPORT_PARAMS, pinDag } from '../../corpora/index.js'
import { encodeChunksUtf8 } from './chunk-store.js'
import { INDEX_FILES, type IndexManifest } from './index-manifest.js'
import { checkPartBytes, DEFAULT_INDEX_PART_BYTES, PARTED_FILES, planParts, type IndexFileKey } from './index-parts.js'
import type { BuiltIndex } from '../build-index.js'
import type { IndexProgressEvent } from '../progress.js'
import type { UnixFS } from '@helia/unixfs'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link pinIndex} */
export interface PinIndexOptions extends AbortOptions {
  onProgress?(event: IndexProgressEvent): void
  /**
   * The largest file written whole: `chunks.jsonl`, `vectors.hnsw` or
   * `lexical.bin` larger than this is written as parts of this size, listed
   * in the manifest's `parts` (from {@link MIN_INDEX_PART_BYTES} to
   * {@link MAX_INDEX_PART_BYTES}). @default {@link DEFAULT_INDEX_PART_BYTES}
   */
  partBytes?: number
}

/** Bytes read from a staged file at a time: the importer's block size, so it takes each read as one block */
const READ_BYTES = 1024 * 1024

/** One file of the index directory: its path and where its bytes come from */
interface DirectoryFile { path: string, content: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array> }

/**
 * Write an index as a UnixFS directory (`manifest.json`, `chunks.jsonl`,
 * `vectors.hnsw`, `lexical.bin`), add it to the node and pin it. The index
 * *is* the returned CID: export it as a CAR and any node can load it.
 *
 * The large files are written to a temporary folder first (hnswlib writes
 * its graph by path) and streamed from there, never held as one buffer; one
 * larger than `partBytes` is added as parts (`vectors.hnsw.0000`, …) that
 * the manifest lists. An index whose files all fit keeps exactly the layout
 * and bytes, so the CID, of an index without parts.
 *
 * @throws {RangeError} when `partBytes` is out of range
 */
export async function pinIndex (node: { helia: Helia, fs: UnixFS }, index: Pick<BuiltIndex, 'manifest' | 'chunks' | 'vectors' | 'lexical'>, options: PinIndexOptions = {}): Promise<CID> {
  const partBytes = checkPartBytes(options.partBytes ?? DEFAULT_INDEX_PART_BYTES)
  const dir = await mkdtemp(join(tmpdir(), 'quarry-pin-'))
  try {
    const staged: Record<IndexFileKey, { file: string, bytes: number }> = {
      chunks: await stage(join(dir, INDEX_FILES.chunks), async (file) => { await writeFile(file, encodeChunksUtf8(index.chunks), { signal: options.signal }) }),
      vectors: await stage(join(dir, INDEX_FILES.vectors), async (file) => { await index.vectors.writeFile(file) }),
      lexical: await stage(join(dir, INDEX_FILES.lexical), async (file) => { await writeFile(file, index.lexical.encode(), { signal: options.signal }) })
    }
    // a manifest that comes with the index (re-pinned with other fusion settings) says how it was split before: split anew
    const { parts: _before, ...manifest }: IndexManifest = index.manifest
    const files: DirectoryFile[] = []
    const parts: NonNullable<IndexManifest['parts']> = {}
    for (const key of PARTED_FILES) {
      const { file, bytes } = staged[key]
      const plan = planParts(key, bytes, partBytes)
      if (plan == null) {
        files.push({ path: INDEX_FILES[key], content: () => createReadStream(file, { highWaterMark: READ_BYTES }) })
        continue
      }
      parts[key] = plan.map(p => p.name)
      for (const p of plan) files.push({ path: p.name, content: () => createReadStream(file, { start: p.start, end: p.end - 1, highWaterMark: READ_BYTES }) })
    }
    const written: IndexManifest = Object.keys(parts).length > 0 ? { ...manifest, parts } : manifest
    const enc = new TextEncoder()
    files.unshift({ path: INDEX_FILES.manifest, content: () => [enc.encode(JSON.stringify(written, null, 2) + '\n')] })
    return await addDirectory(node, files, written.corpusCid, options)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function stage (file: string, write: (file: string) => Promise<void>): Promise<{ file: string, bytes: number }> {
  await write(file)
  return { file, bytes: (await stat(file)).size }
}

/** Add `files` as one directory (each file's bytes read only when the importer reads them) and pin it */
async function addDirectory (node: { helia: Helia, fs: UnixFS }, files: DirectoryFile[], corpusCid: string, options: PinIndexOptions): Promise<CID> {
  let root: CID | undefined
  for await (const entry of node.fs.addAll(files.map(f => ({
    path: f.path,
    content: (async function * () {
      options.onProgress?.({ type: 'indexes:write', file: f.path })
      yield * f.content()
    })()
  })), { ...IMPORT_PARAMS, signal: options.signal })) {
    if (entry.path === '' || entry.path === undefined) root = entry.cid
  }
  if (root == null) throw new Error('Writing the index directory produced no root')
  await pinDag(node.helia, root, { signal: options.signal, offline: true, metadata: { type: 'quarry-index', corpus: corpusCid } })
  return root
}

import { IMPORT_PARAMS, pinDag } from '../../corpora/index.js'
import { encodeChunksUtf8 } from './chunk-store.js'
import { INDEX_FILES } from './index-manifest.js'
import type { BuiltIndex } from '../build-index.js'
import type { IndexProgressEvent } from '../progress.js'
import type { UnixFS } from '@helia/unixfs'
import type { Helia } from 'helia'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Options for {@link pinIndex} */
export interface PinIndexOptions extends AbortOptions {
  onProgress?(event: IndexProgressEvent): void
}

/**
 * Write an index as a UnixFS directory (`manifest.json`, `chunks.jsonl`,
 * `vectors.hnsw`, `lexical.bin`), add it to the node and pin it. The index
 * *is* the returned CID: export it as a CAR and any node can load it.
 */
export async function pinIndex (node: { helia: Helia, fs: UnixFS }, index: Pick<BuiltIndex, 'manifest' | 'chunks' | 'vectors' | 'lexical'>, options: PinIndexOptions = {}): Promise<CID> {
  const enc = new TextEncoder()
  // each file's bytes are made only when the importer reads them
  const files: Array<{ path: string, content: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array> }> = [
    { path: INDEX_FILES.manifest, content: () => [enc.encode(JSON.stringify(index.manifest, null, 2) + '\n')] },
    { path: INDEX_FILES.chunks, content: () => encodeChunksUtf8(index.chunks) },
    { path: INDEX_FILES.vectors, content: async function * () { yield await index.vectors.toBytes() } },
    { path: INDEX_FILES.lexical, content: () => index.lexical.encode() }
  ]
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
  await pinDag(node.helia, root, { signal: options.signal, offline: true, metadata: { type: 'quarry-index', corpus: index.manifest.corpusCid } })
  return root
}

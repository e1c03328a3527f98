/**
 * bench/parts/pin-ab.ts: `pinIndex` now (files staged in a temp folder, read back 1 MiB at a time, split past the
 * part size) against the pin before issue 24 item 3 (`vectors.toBytes()` and the encoders streamed straight into
 * the importer, kept here only as this A/B's baseline), on the same loaded index, alternated; prints both CIDs
 * (one, when the bytes agree) and each run's milliseconds.
 *
 *   node --import tsx bench/parts/pin-ab.ts <home> <index cid> [runs]          # an index of that home
 *   node --import tsx bench/parts/pin-ab.ts <home> synthetic [runs] <count> <dim>  # a SYNTHETIC index (bench/parts)
 */
import { readFile, rm } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { CID } from 'multiformats/cid'
import { IMPORT_PARAMS, pinDag, type QuarryNode } from '../../corpora/index.js'
import { encodeChunksUtf8, INDEX_FILES, loadHnswIndex, pinIndex, type BuiltIndex } from '../../indexes/index.js'
import { openQuarrySession } from '../../session/index.js'
import { writeSyntheticHnsw } from './synthetic-hnsw.js'
import { syntheticChunks, syntheticLexical, syntheticManifest } from './synthetic-index.js'

type Pinnable = Pick<BuiltIndex, 'manifest' | 'chunks' | 'vectors' | 'lexical'>

async function oldPin (node: QuarryNode, index: Pinnable): Promise<CID> {
  const enc = new TextEncoder()
  const files: Array<{ path: string, content: () => Iterable<Uint8Array> | AsyncIterable<Uint8Array> }> = [
    { path: INDEX_FILES.manifest, content: () => [enc.encode(JSON.stringify(index.manifest, null, 2) + '\n')] },
    { path: INDEX_FILES.chunks, content: () => encodeChunksUtf8(index.chunks) },
    { path: INDEX_FILES.vectors, content: async function * () { yield await index.vectors.toBytes() } },
    { path: INDEX_FILES.lexical, content: () => index.lexical.encode() }
  ]
  let root: CID | undefined
  for await (const entry of node.fs.addAll(files.map(f => ({ path: f.path, content: (async function * () { yield * f.content() })() })), { ...IMPORT_PARAMS })) {
    if (entry.path === '' || entry.path === undefined) root = entry.cid
  }
  await pinDag(node.helia, root!, { offline: true, metadata: { type: 'quarry-index', corpus: index.manifest.corpusCid } })
  return root!
}

const [home, cidText, runs = '4', count = '0', dim = '512'] = process.argv.slice(2)
console.log(`load average ${loadavg().map(x => x.toFixed(2)).join(' ')}`)
const session = await openQuarrySession({ home: home! })
let index: Pinnable
if (cidText === 'synthetic') {
  const s = { count: Number(count), dimensions: Number(dim), m: 16, efConstruction: 200, seed: 7 }
  const file = `/tmp/quarry-pin-ab-${count}-${dim}.hnsw`
  await writeSyntheticHnsw(file, s)
  const vectors = await loadHnswIndex(await readFile(file), { dimensions: s.dimensions, params: { ef: 64 } })
  const chunks = await syntheticChunks(s.count)
  const lexical = syntheticLexical(chunks)
  index = { manifest: await syntheticManifest(s, lexical), chunks, vectors, lexical }
  await rm(file)
} else {
  index = await session.indexes.open(CID.parse(cidText!), await session.embedder('use')) as unknown as Pinnable
}
const node = await session.node.start()
const times: Record<string, number[]> = { old: [], new: [] }
const cids = new Set<string>()
for (let r = 0; r < Number(runs); r++) {
  for (const which of r % 2 === 0 ? ['old', 'new'] : ['new', 'old']) {
    const t = performance.now()
    const cid = which === 'old' ? await oldPin(node, index) : await pinIndex(node, index)
    times[which]!.push(performance.now() - t)
    cids.add(cid.toString())
  }
}
console.log(JSON.stringify({ chunks: index.chunks.length, cids: [...cids], oldMs: times.old!.map(Math.round), newMs: times.new!.map(Math.round) }))
await session.close()

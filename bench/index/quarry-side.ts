/**
 * bench/index, Quarry side (run by run.ts in its own process): add the
 * folder to a fresh Helia node, build the index (structure-aware chunks,
 * USE embeddings, HNSW + BM25), pin it, then time hybrid searches and
 * measure HNSW recall@10 against exact search.
 *
 *   node --import tsx bench/index/quarry-side.ts <folder> <queries.json> <out.json>
 */
import '../../corpora/index.js'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { addFolder, createQuarryNode } from '../../corpora/index.js'
import { buildIndex, createQuarryIndex, createUseEmbeddings, pinIndex } from '../../indexes/index.js'
import { maxRssMb, measureQueries, writeResult } from './bench-common.js'

const [folder, queriesPath, out] = process.argv.slice(2)
if (folder == null || queriesPath == null || out == null) throw new Error('usage: quarry-side.ts <folder> <queries.json> <out.json>')
const queries = JSON.parse(await readFile(queriesPath, 'utf8')) as string[]
const embedder = await createUseEmbeddings().init()
const node = await createQuarryNode({ home: join(dirname(out), 'quarry-home') })
try {
  const { cid } = await addFolder(node, folder)
  let t = performance.now()
  let last = 0
  // when each build step ended, in seconds from the start of the build (the step's last progress event)
  const phaseEnds: Record<string, number> = {}
  const step: Record<string, string> = { 'indexes:chunk:document': 'load + chunk', 'indexes:embed:batch': 'embed', 'indexes:hnsw:add': 'HNSW', 'indexes:calibrate:query': 'calibrate fusion' }
  const built = await buildIndex(node.fs, cid, {
    embedder,
    onProgress: (e) => {
      const name = step[e.type]
      if (name !== undefined) phaseEnds[name] = (performance.now() - t) / 1000
      if (e.type === 'indexes:embed:batch' && e.done - last >= 1000) { last = e.done; console.error(`quarry: embedded ${e.done}/${e.total} chunks, ${((performance.now() - t) / 1000).toFixed(0)} s`) }
    }
  })
  const buildS = (performance.now() - t) / 1000
  console.error(`quarry: build steps ended at (s) ${Object.entries(phaseEnds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}; total ${buildS.toFixed(1)}`)
  t = performance.now()
  await pinIndex(node, built)
  const pinS = (performance.now() - t) / 1000
  const index = createQuarryIndex(built, embedder)
  const measured = await measureQueries(queries, {
    // the default mode (hybrid): with a calibrated dense weight of 0 it does not embed the query
    search: async q => index.search(q, { k: 10 }),
    embedQuery: async q => embedder.embedQuery(q),
    approxTop10: qv => built.vectors.search(qv, 10).map(r => r.id),
    vectors: built.embeddings.map(v => v ?? [])
  })
  await writeResult(out, {
    side: 'quarry',
    records: new Set(built.chunks.map(c => c.docCid.toString())).size,
    chunks: built.chunks.length,
    chars: built.chunks.reduce((n, c) => n + c.text.length, 0),
    buildS,
    pinS,
    phaseEnds,
    denseWeight: built.manifest.fusion?.denseWeight,
    ...measured,
    maxRssMb: maxRssMb()
  })
} finally {
  await node.stop()
}

/**
 * Fuzzing Quarry's untrusted inputs: mutated CAR files (through
 * `importCar`) and mutated index directories (through `loadIndex`). Every
 * case must end in a named, clear error or a clean success, never a crash
 * or an unexplained error, and a refused CAR must store no block.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { addFolder, createQuarryNode, exportCar, IMPORT_PARAMS, importCar, lazyNodeOf, type QuarryNode } from '../../corpora/index.js'
import { buildIndex, INDEX_FILES, loadIndex, pinIndex, readManifest, type Embedder } from '../../indexes/index.js'
import type { CID } from 'multiformats/cid'

/** Errors that count as a clear refusal */
export const CLEAR_ERRORS = new Set(['InvalidCarError', 'InvalidIndexError', 'DimensionMismatchError', 'EmbedderMismatchError', 'IndexNotFoundError'])

/** Outcome counts of a fuzz run */
export interface FuzzCounts {
  cases: number
  /** Refused with one of {@link CLEAR_ERRORS} */
  refused: number
  /** Accepted: the mutation left valid input (e.g. a changed vector float) */
  accepted: number
  /** Any other error, or a refused CAR that stored blocks: each is a bug */
  unclear: Array<{ case: string, error: string }>
  byError: Record<string, number>
}

/** A small deterministic PRNG (mulberry32) so a run can be repeated from its seed */
export function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** One mutation of a byte string, named for the report */
export function mutate (bytes: Uint8Array, rand: () => number): { name: string, bytes: Uint8Array } {
  const out = Uint8Array.from(bytes)
  const at = Math.floor(rand() * bytes.byteLength)
  const kind = Math.floor(rand() * 7)
  switch (kind) {
    case 0: out[at] = (out[at] ?? 0) ^ (1 << Math.floor(rand() * 8)); return { name: `flip bit at ${at}`, bytes: out }
    case 1: out[at] = Math.floor(rand() * 256); return { name: `set byte ${at}`, bytes: out }
    case 2: return { name: `truncate to ${at}`, bytes: out.subarray(0, at) }
    case 3: {
      const len = 1 + Math.floor(rand() * 64)
      return { name: `delete ${len} bytes at ${at}`, bytes: Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + len)]) }
    }
    case 4: {
      const len = 1 + Math.floor(rand() * 64)
      return { name: `duplicate ${len} bytes at ${at}`, bytes: Uint8Array.from([...out.subarray(0, at + len), ...out.subarray(at, at + len), ...out.subarray(at + len)]) }
    }
    case 5: return { name: 'append garbage', bytes: Uint8Array.from([...out, ...Array.from({ length: 1 + Math.floor(rand() * 32) }, () => Math.floor(rand() * 256))]) }
    default: {
      const len = Math.min(8, bytes.byteLength - at)
      for (let i = 0; i < len; i++) out[at + i] = 0xff
      return { name: `0xff × ${len} at ${at}`, bytes: out }
    }
  }
}

/** A deterministic stand-in embedder for building fixture indexes: the index format is under test, not embeddings */
export function hashEmbedder (dimensions = 16): Embedder {
  const embed = (text: string): number[] => {
    const v = new Array<number>(dimensions).fill(0)
    for (let i = 0; i < text.length; i++) { const k = (text.charCodeAt(i) * 31 + i) % dimensions; v[k] = (v[k] ?? 0) + 1 }
    return v.map(x => x + 0.001)
  }
  return { id: `fuzz-hash-${dimensions}`, dimensions, embedDocuments: async (texts) => texts.map(embed), embedQuery: async (t) => embed(t) }
}

async function countBlocks (dir: string): Promise<number> {
  let n = 0
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile() && e.name.endsWith('.data')) n++
  return n
}

/** Make the fixtures: a small corpus CAR and the files of a small index over it */
export async function makeFixtures (work: string): Promise<{ car: Uint8Array, index: Record<string, Uint8Array>, embedder: Embedder }> {
  const folder = join(work, 'corpus')
  await mkdir(join(folder, 'guide'), { recursive: true })
  await writeFile(join(folder, 'intro.md'), '# Intro\n\nSectors are the units of provable storage. Deals last at least 180 days.\n')
  await writeFile(join(folder, 'guide', 'deals.md'), '# Deals\n\nA storage deal is an agreement between a client and a storage provider.\n\n## Terms\n\nThe client pays the provider in FIL.\n')
  await writeFile(join(folder, 'guide', 'data.json'), JSON.stringify([{ id: 'a', text: 'Retrieval is paid per byte.' }, { id: 'b', text: 'Providers seal sectors.' }]))
  const node = await createQuarryNode({ home: join(work, 'source-home') })
  try {
    const { cid } = await addFolder(node, folder)
    const carFile = join(work, 'corpus.car')
    await exportCar(node.helia, cid, carFile)
    const embedder = hashEmbedder()
    const built = await buildIndex(node.fs, cid, { embedder, offline: true })
    const indexCid = await pinIndex(node, built)
    const index: Record<string, Uint8Array> = {}
    for await (const entry of node.fs.ls(indexCid)) {
      const parts: Uint8Array[] = []
      for await (const p of node.fs.cat(entry.cid)) parts.push(p)
      index[entry.name] = Buffer.concat(parts)
    }
    return { car: await readFile(carFile), index, embedder }
  } finally {
    await node.stop()
  }
}

function record (counts: FuzzCounts, name: string, err: unknown): void {
  const e = err as Error
  counts.byError[e.name] = (counts.byError[e.name] ?? 0) + 1
  if (CLEAR_ERRORS.has(e.name) && e.message.length > 10) counts.refused++
  else counts.unclear.push({ case: name, error: `${e.name}: ${e.message}` })
}

/** Import `n` mutated copies of `car` into `node`; a refused one must leave the block count unchanged */
export async function fuzzCars (node: QuarryNode, work: string, car: Uint8Array, n: number, seed: number): Promise<FuzzCounts> {
  const rand = prng(seed)
  const counts: FuzzCounts = { cases: 0, refused: 0, accepted: 0, unclear: [], byError: {} }
  const file = join(work, 'mutated.car')
  for (let i = 0; i < n; i++) {
    const m = mutate(car, rand)
    await writeFile(file, m.bytes)
    const before = await countBlocks(node.home.blocks)
    counts.cases++
    try {
      const { cid } = await importCar(node.helia, file)
      counts.accepted++
      for await (const _ of node.helia.pins.rm(cid)) { /* reset */ }
      await node.helia.gc()
    } catch (err) {
      record(counts, `car #${i} ${m.name}`, err)
      const after = await countBlocks(node.home.blocks)
      if (after !== before) counts.unclear.push({ case: `car #${i} ${m.name}`, error: `refused but stored ${after - before} blocks` })
    }
  }
  return counts
}

/** Load `n` index directories, each with one file mutated (or one manifest field changed) */
export async function fuzzIndexes (node: QuarryNode, files: Record<string, Uint8Array>, embedder: Embedder, n: number, seed: number): Promise<FuzzCounts> {
  const rand = prng(seed)
  const counts: FuzzCounts = { cases: 0, refused: 0, accepted: 0, unclear: [], byError: {} }
  const names = Object.values(INDEX_FILES)
  const manifestEdits: Array<[string, (m: any) => void]> = [
    ['counts.chunks + 1', m => { m.counts.chunks += 1 }],
    ['hnsw.m doubled', m => { m.hnsw.m *= 2 }],
    ['dimensions - 1', m => { m.embedder.dimensions -= 1 }],
    ['efConstruction + 1', m => { m.hnsw.efConstruction += 1 }],
    ['schema renamed', m => { m.schema = 'other' }],
    ['embedder id changed', m => { m.embedder.id = 'use' }],
    ['files.vectors renamed', m => { m.files.vectors = 'missing.hnsw' }],
    ['counts.chunks huge', m => { m.counts.chunks = 2 ** 40 }]
  ]
  for (let i = 0; i < n; i++) {
    const target = names[Math.floor(rand() * names.length)] as string
    const copy = { ...files }
    let name: string
    if (target === INDEX_FILES.manifest && rand() < 0.6) {
      const [label, edit] = manifestEdits[Math.floor(rand() * manifestEdits.length)] as [string, (m: any) => void]
      const m = JSON.parse(new TextDecoder().decode(files[target]))
      edit(m)
      copy[target] = new TextEncoder().encode(JSON.stringify(m))
      name = `manifest ${label}`
    } else {
      const m = mutate(files[target] ?? new Uint8Array(), rand)
      copy[target] = m.bytes
      name = `${target} ${m.name}`
    }
    let root: CID | undefined
    for await (const entry of node.fs.addAll(Object.entries(copy).map(([path, content]) => ({ path, content })), IMPORT_PARAMS)) {
      if (entry.path === '' || entry.path == null) root = entry.cid
    }
    counts.cases++
    try {
      if (root == null) throw new Error('no root')
      await readManifest(node.fs, root, { offline: true })
      const index = await loadIndex(lazyNodeOf(node), root, embedder, { offline: true })
      await index.search('storage deal', { k: 3, mode: 'hybrid' })
      counts.accepted++
    } catch (err) {
      record(counts, `index #${i} ${name}`, err)
    }
  }
  return counts
}

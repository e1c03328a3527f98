import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import type hnswlibTypes from 'hnswlib-node'
import { DimensionMismatchError, InvalidIndexError } from '../errors.js'
import { asParts, PartsReader, partsLength, type ByteParts } from './byte-parts.js'
import { validateHnswFile, type HnswFileExpectation } from './hnsw-file.js'
import { unitVector } from './unit-vector.js'

/** HNSW graph parameters */
export interface HnswParams {
  /** Links per node. @default 16 */
  m: number
  /** Candidate list size while building. @default 200 */
  efConstruction: number
  /** Candidate list size while searching (not stored in the index file). @default 256 */
  ef: number
  /** Current capacity; grows automatically when `add` needs more */
  maxElements: number
  /** Seed of hnswlib's level generator: with the same vectors added in the same order, the same graph and file bytes. @default {@link HNSW_SEED} */
  seed: number
}

/** The fixed seed every Quarry HNSW graph is built with (hnswlib's own default) */
export const HNSW_SEED = 100

/** An approximate nearest-neighbour index over vectors, keyed by numeric chunk id */
export interface VectorIndex {
  /**
   * Add (or replace) vectors under the given ids; grows capacity as needed.
   * Each is stored as its unit vector ({@link unitVector}) unless `options.unit`
   * says the vectors are unit vectors already, as {@link VectorIndex.vector}
   * returns them: then they are stored as given, so re-inserting an index's
   * own vectors keeps their bits.
   */
  add(vectors: number[][], ids: number[], options?: AddVectorsOptions): void
  /** The `k` nearest ids to `vector`, best first; `score` is cosine similarity */
  search(vector: number[], k: number): Array<{ id: number, score: number }>
  /**
   * Exact cosine similarity of `vector` to each of the stored vectors `ids`
   * (undefined for an id with no vector), in the order of `ids`
   */
  similarity(vector: number[], ids: readonly number[]): Array<number | undefined>
  /** Number of vectors in the index */
  readonly size: number
  /** The ids that have a vector */
  ids(): number[]
  /** The stored vector of an id (throws when the id has none) */
  vector(id: number): number[]
  /** Vector length */
  readonly dimensions: number
  /** Graph parameters; `maxElements` is the current capacity */
  readonly params: HnswParams
  /**
   * Write the hnswlib index file to `file` (a path; hnswlib writes files by
   * path) and resolve with its size in bytes. This is how a large index is
   * pinned: the file is then read in parts, never as one buffer.
   */
  writeFile(file: string): Promise<number>
  /**
   * The hnswlib index file as one buffer, for small indexes (Node reads at
   * most 2 GiB into one buffer: {@link VectorIndex.writeFile} has no such
   * limit); restore with {@link loadHnswIndex}
   */
  toBytes(): Promise<Uint8Array>
}

/** Options for {@link VectorIndex.add} */
export interface AddVectorsOptions {
  /** The vectors are unit vectors read from an index ({@link VectorIndex.vector}): store them as given. @default false */
  unit?: boolean
}

/** True for an in-process HNSW index (as opposed to a store such as Postgres that only searches) */
export function isVectorIndex (v: { search: unknown }): v is VectorIndex {
  return typeof (v as Partial<VectorIndex>).toBytes === 'function' && typeof (v as Partial<VectorIndex>).add === 'function'
}

/** Defaults for {@link HnswParams} other than capacity */
export const DEFAULT_HNSW_PARAMS = { m: 16, efConstruction: 200, ef: 256 } as const

type HierarchicalNSW = InstanceType<typeof hnswlibTypes.HierarchicalNSW>

let native: typeof hnswlibTypes | undefined
/** hnswlib's native addon, loaded on first use (not when the module is imported: `quarry --help` stays fast) */
function hnswlib (): typeof hnswlibTypes {
  native ??= createRequire(import.meta.url)('hnswlib-node') as typeof hnswlibTypes
  return native
}

/** hnswlib's file header: offsets (bytes) of the fields read back here */
const HEADER = { maxElements: 8, count: 16, sizePerElement: 24, labelOffset: 32, dataOffset: 40, m: 72, efConstruction: 88, length: 96 }

async function withTempFile<T> (fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'quarry-hnsw-'))
  try {
    return await fn(join(dir, 'index.hnsw'))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function checkDimensions (vector: number[], dimensions: number): void {
  if (vector.length !== dimensions) {
    throw new DimensionMismatchError(`Expected a vector of ${dimensions} dimensions, got ${vector.length}`)
  }
}

class HnswVectorIndex implements VectorIndex {
  readonly dimensions: number
  readonly #params: HnswParams
  readonly #index: HierarchicalNSW

  constructor (index: HierarchicalNSW, dimensions: number, params: HnswParams) {
    this.#index = index
    this.dimensions = dimensions
    this.#params = params
    index.setEf(params.ef)
  }

  get size (): number {
    return this.#index.getCurrentCount()
  }

  ids (): number[] {
    return this.#index.getIdsList()
  }

  vector (id: number): number[] {
    return this.#index.getPoint(id)
  }

  get params (): HnswParams {
    return { ...this.#params, maxElements: this.#index.getMaxElements() }
  }

  add (vectors: number[][], ids: number[], options: AddVectorsOptions = {}): void {
    if (vectors.length !== ids.length) {
      throw new RangeError(`Got ${vectors.length} vectors but ${ids.length} ids`)
    }
    vectors.forEach((vector) => { checkDimensions(vector, this.dimensions) })
    const needed = this.size + vectors.length
    const capacity = this.#index.getMaxElements()
    if (needed > capacity) {
      this.#index.resizeIndex(Math.max(needed, capacity * 2))
    }
    // inner-product space over unit vectors normalised once, here: cosine similarity without hnswlib normalising a second time
    vectors.forEach((vector, i) => { this.#index.addPoint(options.unit === true ? vector : unitVector(vector), ids[i] as number) })
  }

  search (vector: number[], k: number): Array<{ id: number, score: number }> {
    checkDimensions(vector, this.dimensions)
    const n = Math.min(Math.floor(k), this.size)
    if (n <= 0) {
      return []
    }
    const { neighbors, distances } = this.#index.searchKnn(unitVector(vector), n)
    return neighbors
      .map((id, i) => ({ id, score: 1 - (distances[i] ?? 1) }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
  }

  similarity (vector: number[], ids: readonly number[]): Array<number | undefined> {
    checkDimensions(vector, this.dimensions)
    let norm = 0
    for (const x of vector) norm += x * x
    norm = Math.sqrt(norm)
    return ids.map((id) => {
      let point: number[]
      try {
        // the cosine space stores normalised vectors
        point = this.#index.getPoint(id)
      } catch {
        return undefined
      }
      let dot = 0
      for (let i = 0; i < point.length; i++) dot += (point[i] ?? 0) * (vector[i] ?? 0)
      return norm === 0 ? 0 : dot / norm
    })
  }


  async writeFile (file: string): Promise<number> {
    await this.#index.writeIndex(file)
    return (await stat(file)).size
  }

  async toBytes (): Promise<Uint8Array> {
    return withTempFile(async (file) => {
      await this.writeFile(file)
      return new Uint8Array(await readFile(file))
    })
  }
}

/**
 * Create an empty HNSW index (hnswlib; cosine similarity: unit vectors,
 * see {@link unitVector}, in hnswlib's inner-product space) with room for
 * `capacity` vectors.
 */
export function createHnswIndex (init: { dimensions: number, capacity: number } & Partial<HnswParams>): VectorIndex {
  const params: HnswParams = {
    m: init.m ?? DEFAULT_HNSW_PARAMS.m,
    efConstruction: init.efConstruction ?? DEFAULT_HNSW_PARAMS.efConstruction,
    ef: init.ef ?? DEFAULT_HNSW_PARAMS.ef,
    maxElements: Math.max(1, init.maxElements ?? init.capacity),
    seed: init.seed ?? HNSW_SEED
  }
  if (!Number.isInteger(init.dimensions) || init.dimensions < 1) {
    throw new RangeError(`Invalid dimensions ${init.dimensions}`)
  }
  const index = new (hnswlib().HierarchicalNSW)('ip', init.dimensions)
  // one thread, a fixed seed and the caller's insertion order make the graph (and its file) deterministic
  index.initIndex({ maxElements: params.maxElements, m: params.m, efConstruction: params.efConstruction, randomSeed: params.seed })
  return new HnswVectorIndex(index, init.dimensions, params)
}

/**
 * Restore an index written by {@link VectorIndex.writeFile} (or
 * {@link VectorIndex.toBytes}), given as one buffer or as the file's parts
 * in order ({@link ByteParts}: they are streamed to the file hnswlib reads,
 * never joined). `m`, `efConstruction` and capacity come from the file; `ef`
 * (not stored there) from `params`.
 *
 * @throws {DimensionMismatchError} when the file holds vectors of another length
 * @throws {InvalidIndexError} when the bytes are not a complete hnswlib index, or
 *   (with `expect`, see {@link validateHnswFile}) do not match what the manifest says
 */
export async function loadHnswIndex (bytes: Uint8Array | ByteParts, init: HnswLoadInit): Promise<VectorIndex> {
  const header = checkHnswBytes(bytes, init)
  const index = new (hnswlib().HierarchicalNSW)('ip', init.dimensions)
  await withTempFile(async (file) => {
    await writeFile(file, asParts(bytes))
    try {
      await index.readIndex(file)
    } catch (err) {
      throw new InvalidIndexError('hnswlib could not read the index', { cause: err })
    }
  })
  return restored(index, init, header)
}

/** What {@link loadHnswIndex} and {@link deferredHnswIndex} take */
export interface HnswLoadInit {
  dimensions: number
  params: Pick<HnswParams, 'ef'> & Partial<HnswParams>
  expect?: Omit<HnswFileExpectation, 'dimensions'>
}

interface HnswHeader { count: number, maxElements: number, m: number, efConstruction: number }

/** The checks {@link loadHnswIndex} makes before the native loader reads `bytes`; returns the header fields */
function checkHnswBytes (bytes: Uint8Array | ByteParts, init: HnswLoadInit): HnswHeader {
  if (init.expect != null) validateHnswFile(bytes, { dimensions: init.dimensions, ...init.expect })
  const byteLength = partsLength(asParts(bytes))
  if (byteLength < HEADER.length) {
    throw new InvalidIndexError(`HNSW index is ${byteLength} bytes, shorter than its header`)
  }
  const { view, offset: at } = new PartsReader(bytes).window(0, HEADER.length)
  const field = (offset: number): number => Number(view.getBigUint64(at + offset, true))
  const count = field(HEADER.count)
  const vectorBytes = field(HEADER.labelOffset) - field(HEADER.dataOffset)
  if (count > field(HEADER.maxElements) || byteLength < HEADER.length + count * field(HEADER.sizePerElement)) {
    throw new InvalidIndexError('HNSW index is truncated or malformed')
  }
  if (vectorBytes !== init.dimensions * Float32Array.BYTES_PER_ELEMENT) {
    throw new DimensionMismatchError(`HNSW index holds ${vectorBytes / Float32Array.BYTES_PER_ELEMENT}-dimensional vectors, expected ${init.dimensions}`)
  }
  return { count, maxElements: field(HEADER.maxElements), m: field(HEADER.m), efConstruction: field(HEADER.efConstruction) }
}

function restored (index: HierarchicalNSW, init: HnswLoadInit, header: HnswHeader): HnswVectorIndex {
  return new HnswVectorIndex(index, init.dimensions, {
    m: header.m,
    efConstruction: header.efConstruction,
    ef: init.params.ef,
    maxElements: index.getMaxElements(),
    seed: init.params.seed ?? HNSW_SEED
  })
}

/**
 * {@link loadHnswIndex} with the same checks now and the native load on first
 * use: a search that needs no vector (lexical, or hybrid with dense weight 0)
 * never loads hnswlib or copies the graph into it. `size`, `dimensions` and
 * `params` come from the checked header until then.
 *
 * @throws {DimensionMismatchError} when the file holds vectors of another length
 * @throws {InvalidIndexError} when the bytes do not pass {@link loadHnswIndex}'s checks
 */
export function deferredHnswIndex (bytes: Uint8Array | ByteParts, init: HnswLoadInit): VectorIndex {
  const header = checkHnswBytes(bytes, init)
  let pending: ByteParts | undefined = asParts(bytes)
  let loaded: HnswVectorIndex | undefined
  const index = (): HnswVectorIndex => {
    if (loaded == null) {
      const native = new (hnswlib().HierarchicalNSW)('ip', init.dimensions)
      const dir = mkdtempSync(join(tmpdir(), 'quarry-hnsw-'))
      try {
        const file = join(dir, 'index.hnsw')
        writePartsSync(file, pending as ByteParts)
        try {
          native.readIndexSync(file)
        } catch (err) {
          throw new InvalidIndexError('hnswlib could not read the index', { cause: err })
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
      loaded = restored(native, init, header)
      // the native index holds the graph now
      pending = undefined
    }
    return loaded
  }
  return {
    get size () { return loaded?.size ?? header.count },
    get dimensions () { return init.dimensions },
    get params () {
      return loaded?.params ?? { m: header.m, efConstruction: header.efConstruction, ef: init.params.ef, maxElements: header.maxElements, seed: init.params.seed ?? HNSW_SEED }
    },
    add: (vectors, ids, options) => { index().add(vectors, ids, options) },
    search: (vector, k) => index().search(vector, k),
    similarity: (vector, ids) => index().similarity(vector, ids),
    ids: () => index().ids(),
    vector: (id) => index().vector(id),
    writeFile: async (file) => index().writeFile(file),
    toBytes: async () => index().toBytes()
  }
}

/** Write `parts` to `file` one after another (synchronously: the deferred load happens inside a search) */
function writePartsSync (file: string, parts: ByteParts): void {
  const fd = openSync(file, 'w')
  try {
    for (const part of parts) {
      let at = 0
      while (at < part.byteLength) at += writeSync(fd, part, at, part.byteLength - at)
    }
  } finally {
    closeSync(fd)
  }
}

/**
 * Brute-force cosine search, the ground truth for measuring HNSW recall.
 * Ids are positions in `vectors`; best first, ties by id.
 */
export function exactSearch (vectors: number[][], query: number[], k: number): Array<{ id: number, score: number }> {
  const norm = (v: number[]): number => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0))
  const queryNorm = norm(query)
  return vectors
    .map((vector, id) => {
      checkDimensions(vector, query.length)
      let dot = 0
      for (let i = 0; i < vector.length; i++) dot += (vector[i] ?? 0) * (query[i] ?? 0)
      return { id, score: dot / (norm(vector) * queryNorm) }
    })
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, Math.max(0, k))
}

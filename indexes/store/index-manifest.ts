import { InvalidIndexError } from '../errors.js'
import { fusionSettingsProblem, type FusionSettings } from '../fusion/fusion-settings.js'
import type { FeedbackParams } from '../search/expand-query.js'

/** Schema id written in every manifest */
export const MANIFEST_SCHEMA = 'quarry-index'
/**
 * Current manifest version. 2: the chunker reads markdown with CommonMark's
 * fence and heading rules (`scanMarkdown`: fences indented at most 3 spaces,
 * closed only by the same character at least as long, setext headings), so
 * the same corpus gives other chunks and another index CID than version 1.
 */
export const MANIFEST_VERSION = 2
/** Manifest versions this Quarry reads (version 1 indexes keep their chunks as built) */
const READABLE_VERSIONS: ReadonlySet<unknown> = new Set([1, MANIFEST_VERSION])

/** File names inside an index directory */
export const INDEX_FILES = Object.freeze({
  manifest: 'manifest.json',
  chunks: 'chunks.jsonl',
  vectors: 'vectors.hnsw',
  lexical: 'lexical.bin'
})

/**
 * The manifest of an index directory: everything needed to load, check and
 * reproduce the index, and nothing that depends on the run (no build time,
 * no cache hits, no registry name): the same corpus CID, parameters and
 * embedder give byte-identical index files and so the same index CID on any
 * machine. Run metadata lives in the home's index registry ({@link IndexEntry}).
 */
export interface IndexManifest {
  schema: typeof MANIFEST_SCHEMA
  /** {@link MANIFEST_VERSION} when built by this Quarry; 1 for indexes chunked before CommonMark fences and setext headings */
  version: 1 | typeof MANIFEST_VERSION
  /** Root CID of the corpus the index was built from */
  corpusCid: string
  /**
   * Root CID of the corpus's derivation DAG when some of its documents are
   * texts read by OCR from scans (their chunks cite the derived text's CID;
   * the DAG holds a derivation record per page); absent otherwise
   */
  derivation?: string
  /**
   * `vectors`: how the vectors were computed (the embedder's cache id, e.g.
   * `use:universal-sentence-encoder-lite#onnx-cpu`), present when it is not
   * the id itself; absent in older manifests. Rebuilding with the same value
   * is what reproduces the index CID.
   */
  embedder: { id: string, dimensions: number, vectors?: string }
  chunker: { chunkSize: number, chunkOverlap: number, minChunkChars: number }
  /** HNSW parameters; `ef` is not stored in the hnswlib file so it lives here */
  hnsw: { space: 'cosine', m: number, efConstruction: number, ef: number, seed: number }
  /** BM25: `contextWeight` (title/headings against text), `bigramWeight` (adjacent query term pairs) and `feedback` (RM3) are absent in older manifests */
  lexical: { algorithm: 'bm25', library: string, k1: number, b: number, contextWeight?: number, bigramWeight?: number, feedback?: FeedbackParams }
  /** How hybrid search fuses BM25 and dense scores; absent in older manifests (then lexical only, see `DEFAULT_FUSION`) */
  fusion?: FusionSettings
  /**
   * `embedded`: how many chunks have a vector in `vectors.hnsw`, present only
   * when not all of them do (a lexical-only or partly embedded index, see
   * {@link embeddedCount})
   */
  counts: { files: number, documents: number, chunks: number, skippedFiles: number, embedded?: number }
  files: typeof INDEX_FILES
  /**
   * The files written in parts, each larger than the part size it was pinned
   * with (`DEFAULT_INDEX_PART_BYTES` unless set): for each, the names of its
   * parts in order (files of the index directory; the whole file is then
   * absent). Absent when no file is split, so such an index keeps the layout
   * and CID of an index built before parts existed.
   */
  parts?: { chunks?: string[], vectors?: string[], lexical?: string[] }
  quarryVersion: string
}

/** The manifest's `embedder` field for an embedder: `vectors` is its cache id when that is not its id */
export function manifestEmbedder (embedder: { readonly id: string, readonly dimensions: number, readonly cacheId?: string }): IndexManifest['embedder'] {
  const vectors = embedder.cacheId ?? embedder.id
  return { id: embedder.id, dimensions: embedder.dimensions, ...(vectors !== embedder.id ? { vectors } : {}) }
}

/**
 * Parse and validate a manifest.
 *
 * @throws {InvalidIndexError} naming the bad field
 */
export function parseManifest (text: string): IndexManifest {
  let value: any
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new InvalidIndexError(`Index manifest is not valid JSON: ${(err as Error).message}`, { cause: err })
  }
  if (value?.schema !== MANIFEST_SCHEMA) throw new InvalidIndexError(`Not a Quarry index manifest (schema is ${JSON.stringify(value?.schema)})`)
  if (!READABLE_VERSIONS.has(value.version)) throw new InvalidIndexError(`Unsupported index manifest version ${JSON.stringify(value.version)} (this Quarry reads versions ${[...READABLE_VERSIONS].join(', ')})`)
  const need = (path: string, ok: boolean): void => {
    if (!ok) throw new InvalidIndexError(`Index manifest field "${path}" is missing or invalid`)
  }
  need('corpusCid', typeof value.corpusCid === 'string')
  need('embedder.id', typeof value.embedder?.id === 'string')
  need('embedder.dimensions', Number.isInteger(value.embedder?.dimensions) && value.embedder.dimensions > 0)
  need('embedder.vectors', value.embedder.vectors === undefined || (typeof value.embedder.vectors === 'string' && value.embedder.vectors !== ''))
  need('hnsw.ef', Number.isInteger(value.hnsw?.ef))
  need('hnsw.m', Number.isInteger(value.hnsw?.m))
  need('counts.chunks', Number.isInteger(value.counts?.chunks))
  need('counts.embedded', value.counts.embedded === undefined || (Number.isInteger(value.counts.embedded) && value.counts.embedded >= 0 && value.counts.embedded <= value.counts.chunks))
  if (value.parts !== undefined) {
    const problem = partsProblem(value.parts)
    if (problem !== undefined) throw new InvalidIndexError(`Index manifest field "parts" is invalid: ${problem}`)
  }
  if (value.fusion !== undefined) {
    const problem = fusionSettingsProblem(value.fusion)
    if (problem !== undefined) throw new InvalidIndexError(`Index manifest field "fusion" is invalid: ${problem}`)
  }
  return value as IndexManifest
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

/** What is wrong with a manifest's `parts`, or undefined when nothing is */
function partsProblem (parts: unknown): string | undefined {
  if (typeof parts !== 'object' || parts == null || Array.isArray(parts)) return 'not an object'
  const seen = new Set<string>(Object.values(INDEX_FILES))
  for (const [key, names] of Object.entries(parts)) {
    if (key !== 'chunks' && key !== 'vectors' && key !== 'lexical') return `"${key}" is not a file that is written in parts`
    if (!Array.isArray(names) || names.length < 2) return `${key} must list at least two parts`
    for (const name of names) {
      if (typeof name !== 'string' || !FILE_NAME.test(name)) return `${key} lists a part that is not a file name: ${JSON.stringify(name)}`
      if (seen.has(name)) return `${key} lists ${name} twice or as another file`
      seen.add(name)
    }
  }
  return undefined
}

/** How many chunks of an index have a vector (all of them unless the manifest says otherwise) */
export function embeddedCount (manifest: Pick<IndexManifest, 'counts'>): number {
  return manifest.counts.embedded ?? manifest.counts.chunks
}

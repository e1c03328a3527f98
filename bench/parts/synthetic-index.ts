/**
 * The SYNTHETIC index around a synthetic HNSW file (bench/parts): one tiny
 * chunk per vector, its BM25 index, a manifest, and the embedder whose query
 * vector for `label <i>` is element i's stored vector.
 */
import { chunkCid, createLexicalIndex, DEFAULT_FUSION, INDEX_FILES, MANIFEST_VERSION, type Chunk, type Embedder, type IndexManifest, type LexicalIndex } from '../../indexes/index.js'
import { syntheticVector, type SyntheticHnsw } from './synthetic-hnsw.js'

/** The embedder id the synthetic index names */
export const SYNTHETIC_EMBEDDER = 'synthetic:random-unit'

/** One chunk per vector: `chunk <i>` and two pseudo-words, in 1,000 pseudo-documents */
export async function syntheticChunks (count: number): Promise<Chunk[]> {
  const docCid = await chunkCid('a synthetic document')
  const chunks: Chunk[] = []
  for (let i = 0; i < count; i++) {
    const text = `chunk ${i} word${i % 5000} word${(i * 7) % 4999}`
    chunks.push({ chunkCid: await chunkCid(text), docCid, path: `synthetic/${i % 1000}.txt`, title: 'synthetic', byteStart: 0, byteEnd: text.length, text })
  }
  return chunks
}

/** The BM25 index of the chunks */
export function syntheticLexical (chunks: Chunk[]): LexicalIndex {
  const lexical = createLexicalIndex()
  lexical.add(chunks.map((c, id) => ({ id, text: c.text, context: c.title })))
  return lexical
}

/** A manifest for the synthetic index (lexical-only fusion: the bench searches each mode by name) */
export async function syntheticManifest (s: SyntheticHnsw, lexical: LexicalIndex): Promise<IndexManifest> {
  return {
    schema: 'quarry-index',
    version: MANIFEST_VERSION,
    corpusCid: (await chunkCid('a synthetic corpus')).toString(),
    embedder: { id: SYNTHETIC_EMBEDDER, dimensions: s.dimensions },
    chunker: { chunkSize: 0, chunkOverlap: 0, minChunkChars: 0 },
    hnsw: { space: 'cosine', m: s.m, efConstruction: s.efConstruction, ef: 64, seed: s.seed },
    lexical: { algorithm: 'bm25', library: 'quarry-bm25@3', ...(lexical.params as unknown as { k1: number, b: number }) },
    fusion: { ...DEFAULT_FUSION },
    counts: { files: 1000, documents: 1000, chunks: s.count, skippedFiles: 0 },
    files: INDEX_FILES,
    quarryVersion: 'bench'
  }
}

/** The embedder of the synthetic index: the query `label <i>` embeds as element i's vector */
export function syntheticEmbedder (s: SyntheticHnsw): Embedder {
  const embed = (text: string): number[] => Array.from(syntheticVector(s, Number(/\d+/.exec(text)?.[0] ?? 0) % s.count))
  return {
    id: SYNTHETIC_EMBEDDER,
    dimensions: s.dimensions,
    embedDocuments: async (texts) => texts.map(embed),
    embedQuery: async (text) => embed(text)
  }
}

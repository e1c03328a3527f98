import { join } from 'node:path'

/** A built index known to this Quarry home */
export interface IndexEntry {
  /** Index CID string */
  cid: string
  /** Corpus root CID string */
  corpusCid: string
  /** Corpus name, when built from a named corpus */
  corpusName?: string
  embedder: string
  chunks: number
  /** Chunks with a vector, when not all of them have one (a lexical-only or partly embedded index) */
  embedded?: number
  /** When this home built (or registered) it: run metadata, not part of the index */
  builtAt: string
  /** How long the build took here */
  buildMs?: number
  /** Embeddings this build took from the cache */
  embeddingsReused?: number
}

/** The files the indexes layer keeps in a Quarry home */
export interface IndexHome {
  /** Registry of built indexes (JSON) */
  indexesFile: string
  /** Embedding cache folder */
  embeddingCache: string
}

/** Where the index registry and the embedding cache live inside a Quarry home folder */
export function indexHome (root: string): IndexHome {
  return {
    indexesFile: join(root, 'indexes.json'),
    embeddingCache: join(root, 'embeddings')
  }
}

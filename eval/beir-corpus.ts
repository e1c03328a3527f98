/**
 * Getting a BEIR corpus into Quarry: import only `corpus.jsonl` (not the
 * queries or qrels beside it), and map search hits back to BEIR document ids.
 *
 * @packageDocumentation
 */

import { constants } from 'node:fs'
import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { BeirDataset } from './beir-dataset.js'
import type { CorpusEntry, CorpusStore, ProgressOptions } from '../corpora/index.js'

/** The file name a BEIR corpus has inside its Quarry corpus (and in every chunk path) */
export const BEIR_CORPUS_FILE = 'corpus.jsonl'

/** Options for {@link importBeirCorpus} */
export interface ImportBeirCorpusOptions extends ProgressOptions {
  /**
   * Registry name of the corpus
   *
   * @default `beir-<dataset name>` (the folder name, or `dataset.name`)
   */
  name?: string
  /**
   * Where the one-file staging folder is made (it is removed afterwards)
   *
   * @default the OS temporary folder
   */
  tempDir?: string
  signal?: AbortSignal
}

/**
 * Imports a BEIR corpus as a Quarry corpus holding the single file
 * `corpus.jsonl`, so the JSON loader makes one document per record (path
 * `corpus.jsonl#<_id>`) and the queries and qrels beside it stay out.
 *
 * `source` is either a BEIR folder (or its `corpus.jsonl`), whose bytes are
 * imported unchanged, or a loaded {@link BeirDataset}, whose corpus is written
 * canonically (see {@link serializeBeirCorpus}). Either way the same input
 * gives the same corpus CID on every run and every machine.
 */
export async function importBeirCorpus (corpora: Pick<CorpusStore, 'add'>, source: string | BeirDataset, options: ImportBeirCorpusOptions = {}): Promise<CorpusEntry> {
  const { signal } = options
  signal?.throwIfAborted()
  const stage = await mkdtemp(path.join(options.tempDir ?? tmpdir(), 'quarry-beir-'))
  try {
    const target = path.join(stage, BEIR_CORPUS_FILE)
    let datasetName: string
    if (typeof source === 'string') {
      const file = (await stat(source)).isDirectory() ? path.join(source, BEIR_CORPUS_FILE) : source
      datasetName = path.basename(path.dirname(path.resolve(file)))
      // a reflink where the file system can, else a plain copy (symlinks are not imported)
      await copyFile(file, target, constants.COPYFILE_FICLONE)
    } else {
      datasetName = source.name
      await writeFile(target, serializeBeirCorpus(source.corpus), { encoding: 'utf8', signal })
    }
    return await corpora.add(stage, { name: options.name ?? beirCorpusName(datasetName), signal, onProgress: options.onProgress })
  } finally {
    await rm(stage, { recursive: true, force: true })
  }
}

/**
 * A BEIR corpus as canonical JSON Lines: one `{"_id","title","text"}` object
 * per document, in map order, `\n` after each.
 */
export function serializeBeirCorpus (corpus: ReadonlyMap<string, { title: string, text: string }>): string {
  let out = ''
  for (const [id, doc] of corpus) out += JSON.stringify({ _id: id, title: doc.title, text: doc.text }) + '\n'
  return out
}

/**
 * The BEIR document id of a chunk path (`corpus.jsonl#<id>` → `<id>`), or
 * `undefined` for a path that is not a record of a BEIR corpus file.
 */
export function beirDocId (chunkPath: string): string | undefined {
  const hash = chunkPath.indexOf('#')
  if (hash === -1) return undefined
  const file = chunkPath.slice(0, hash).replace(/^(?:\.\/|\/)+/, '')
  return file === BEIR_CORPUS_FILE ? chunkPath.slice(hash + 1) : undefined
}

/** The default registry name of a BEIR dataset's corpus: `beir-<name>`, made a valid corpus name */
export function beirCorpusName (datasetName: string): string {
  const safe = datasetName.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '')
  return `beir-${safe === '' ? 'dataset' : safe}`.slice(0, 64)
}

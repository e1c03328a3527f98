import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { addFolder } from './add-corpus.js'
import { corpusBytes } from './corpus-bytes.js'
import { CorpusNotFoundError, SourceNotFoundError } from './errors.js'
import { exportCar } from './export-car.js'
import { fetchCorpus, type FetchCorpusOptions } from './fetch-corpus.js'
import { importCar } from './import-car.js'
import { listCorpusFiles, type CorpusFile } from './list-corpus-files.js'
import { loadDocuments, type LoadSummary } from './load-documents.js'
import { parseCid } from './parse-cid.js'
import { unpinDag } from './pin-state.js'
import { JsonList } from '../common/index.js'
import { checkCorpusName, type CorpusEntry } from './registry.js'
import { deriveForCorpus, derivedTextsOf } from './ocr/corpus-derivation.js'
import type { Document } from './document.js'
import type { DerivedText } from './ocr/load-derivation.js'
import type { LazyNode } from './lazy-node.js'
import type { ProgressOptions } from './progress.js'
import type { AbortOptions } from '@libp2p/interface'
import { CID } from 'multiformats/cid'

/** Options for {@link CorpusStore.add} */
export interface AddCorpusOptions extends AbortOptions, ProgressOptions {
  /** Registry name. @default the folder or file name */
  name?: string
  /** Read scanned PDF pages and images by OCR on import (`corpora/ocr`). @default true */
  ocr?: boolean
  /** OCR worker threads. @default the number of cores */
  ocrWorkers?: number
  /** The Filecoin piece CID v2 the CAR was fetched by, recorded beside the root CID */
  pieceCid?: string
  /** What the registry records as the source. @default the folder or file path */
  source?: string
}

/** A corpus reference resolved to its CID and registry entry (if any) */
export interface ResolvedCorpus {
  cid: CID
  entry?: CorpusEntry
}

/** A registry entry as `add`/`fetch` return it: `previousCid` is set when the name pointed at another corpus before */
export type AddedCorpus = CorpusEntry & {
  /** The CID this name named before it moved to `cid` (absent for a new name or the same CID) */
  previousCid?: string
}

/** Named corpora on top of a Quarry node */
export interface CorpusStore {
  /** Import a folder or a `.car` file, pin it, count its documents and register it */
  add(source: string, options?: AddCorpusOptions): Promise<AddedCorpus>
  /** Fetch a corpus DAG from peers/gateways, pin it, and register it (named by `name`, else a well-known corpus's name, else its CID) */
  fetch(cid: CID, options?: FetchCorpusOptions & { name?: string, ipns?: string }): Promise<AddedCorpus>
  /**
   * Remove a name from the registry and unpin its DAG unless another name
   * still points at the same CID (blocks go at the next `gc`); returns the
   * removed entry
   */
  remove(name: string, options?: AbortOptions): Promise<CorpusEntry>
  /** Registered corpora */
  list(): Promise<CorpusEntry[]>
  /** Resolve a name or CID string. A CID not in the registry resolves if its root block is local. */
  resolve(ref: string, options?: AbortOptions): Promise<ResolvedCorpus>
  /** Files of a corpus */
  files(cid: CID, options?: AbortOptions): AsyncGenerator<CorpusFile>
  /** Documents of a corpus */
  documents(cid: CID, options?: AbortOptions & ProgressOptions & { summary?: LoadSummary }): AsyncGenerator<Document>
  /** Export a corpus DAG as a CAR file; returns bytes written */
  exportCar(cid: CID, file: string, options?: AbortOptions): Promise<number>
}

/** A corpus known by name before it is imported (a catalogue entry) */
export interface WellKnownCorpus {
  name: string
  /** Its root CID, when known */
  cid?: string
}

/** Options for {@link createCorpusStore} */
export interface CorpusStoreOptions {
  /**
   * Corpora known by name (the catalogue): a folder or CAR added without a
   * `name` whose root CID is one of these is registered under that name, and
   * `resolve(name)` finds the entry that holds its CID under another name, so
   * nothing imports a second copy. @default none
   */
  wellKnown?: readonly WellKnownCorpus[]
}

/** Create a {@link CorpusStore} over a node (reads and the registry do not start it; imports, fetches and removals do) */
export function createCorpusStore (node: LazyNode, storeOptions: CorpusStoreOptions = {}): CorpusStore {
  const registry = new JsonList<CorpusEntry>(node.home.corporaFile, 'name')
  const offline = !node.online
  const wellKnown = storeOptions.wellKnown ?? []
  /** The name an import gets when none is given: a well-known corpus's, else the folder or file name */
  const defaultName = (cid: CID, path: string): string =>
    wellKnown.find(w => w.cid === cid.toString())?.name ?? checkCorpusName(basename(path).replace(/\.car$/i, ''))

  const count = async (cid: CID, options: AbortOptions, derived?: ReadonlyMap<string, DerivedText>): Promise<LoadSummary> => {
    const summary: LoadSummary = { files: 0, documents: 0, skipped: {} }
    for await (const _ of loadDocuments(node.blocks.fs, cid, { ...options, offline: true, summary, derived })) {
      // counting only
    }
    return summary
  }

  const register = async (name: string, cid: CID, source: string, bytes: number, options: AbortOptions & { pieceCid?: string, ipns?: string }): Promise<AddedCorpus> => {
    const derivation = await deriveForCorpus(node, cid, options)
    const summary = await count(cid, options, derivation.derived)
    const entry: CorpusEntry = {
      name,
      cid: cid.toString(),
      source,
      files: summary.files,
      documents: summary.documents,
      skipped: Object.values(summary.skipped).reduce((a, b) => a + b, 0),
      bytes,
      addedAt: new Date().toISOString(),
      ...(derivation.cid != null ? { derivation: derivation.cid.toString(), ocrPages: [...(derivation.derived?.values() ?? [])].reduce((n, d) => n + d.records.size, 0) } : {}),
      ...(options.pieceCid != null ? { pieceCid: options.pieceCid } : {}),
      ...(options.ipns != null ? { ipns: options.ipns } : {})
    }
    const previous = await registry.put(entry)
    return previous != null && previous.cid !== entry.cid ? { ...entry, previousCid: previous.cid } : entry
  }

  return {
    async add (source, options = {}) {
      const path = resolve(source)
      const st = await stat(path).catch((err: Error) => {
        throw new SourceNotFoundError(`Cannot import "${source}": ${err.message.includes('ENOENT') ? 'no such file or folder' : err.message}`, { cause: err })
      })
      const given = options.name != null ? checkCorpusName(options.name) : undefined
      if (st.isDirectory()) {
        const result = await addFolder(await node.start(), path, options)
        return register(given ?? defaultName(result.cid, path), result.cid, path, result.bytes, options)
      }
      if (!path.toLowerCase().endsWith('.car')) {
        throw new SourceNotFoundError(`"${source}" is neither a folder nor a .car file`)
      }
      const result = await importCar((await node.start()).helia, path, options)
      const bytes = await corpusBytes(node.blocks.fs, result.cid, { offline: true, signal: options.signal })
      return register(given ?? defaultName(result.cid, path), result.cid, options.source ?? path, bytes, options)
    },

    async fetch (cid, options = {}) {
      await fetchCorpus(await node.start(), cid, options)
      const bytes = await corpusBytes(node.blocks.fs, cid, { offline: true, signal: options.signal })
      return register(checkCorpusName(options.name ?? wellKnown.find(w => w.cid === cid.toString())?.name ?? cid.toString()), cid, 'fetch', bytes, options)
    },

    async list () {
      return registry.list()
    },

    async remove (name, options = {}) {
      const [removed] = await registry.remove(e => e.name === name)
      if (removed == null) {
        const known = (await registry.list()).map(e => e.name)
        throw new CorpusNotFoundError(`No corpus named "${name}"${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`)
      }
      const cid = CID.parse(removed.cid)
      const stillNamed = (await registry.list()).some(e => e.cid === removed.cid)
      if (!stillNamed) await unpinDag((await node.start()).helia, cid, options)
      return removed
    },

    async resolve (ref, options = {}) {
      const entry = await registry.get(ref)
      if (entry != null) return { cid: CID.parse(entry.cid), entry }
      const known = wellKnown.find(w => w.name === ref && w.cid != null)
      const holder = known == null ? undefined : (await registry.list()).find(e => e.cid === known.cid)
      if (holder != null) return { cid: CID.parse(holder.cid), entry: holder }
      if (!/^(Qm|b|ipfs:|\/ipfs\/)/.test(ref)) {
        const known = (await registry.list()).map(e => e.name)
        throw new CorpusNotFoundError(`No corpus named "${ref}"${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`)
      }
      const cid = parseCid(ref)
      const byCid = (await registry.list()).find(e => e.cid === cid.toString())
      if (byCid != null) return { cid, entry: byCid }
      if (!(await node.blocks.has(cid, options))) {
        if (offline) throw new CorpusNotFoundError(`Corpus ${cid.toString()} is not in the local store; fetch it first`)
      }
      return { cid }
    },

    files (cid, options = {}) {
      return listCorpusFiles(node.blocks.fs, cid, { ...options, offline })
    },

    async * documents (cid, options = {}) {
      const entry = (await registry.list()).find(e => e.cid === cid.toString() && e.derivation != null)
      yield * loadDocuments(node.blocks.fs, cid, { ...options, offline, derived: await derivedTextsOf(node, entry, options) })
    },

    async exportCar (cid, file, options = {}) {
      return exportCar((await node.start()).helia, cid, file, options)
    }
  }
}

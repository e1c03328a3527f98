import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { QUARRY_PACKAGE_ROOT } from '../common/index.js'
import { catalogueEntry } from './catalogue.js'
import type { CorpusStore, ProgressOptions } from '../corpora/index.js'
import type { AbortOptions } from '@libp2p/interface'

/** The corpus used when none is named */
export const DEFAULT_CORPUS = 'filecoin-docs'

/** Options for {@link ensureCatalogueCorpus} */
export interface EnsureCatalogueCorpusOptions extends AbortOptions, ProgressOptions {
  /** The shared data folder holding catalogue copies. @default `../shared` beside the package (sessions pass their settings' `shared`) */
  shared?: string
}

/**
 * Make sure a catalogue corpus is registered: if neither `name` nor its
 * catalogue CID is registered but the catalogue has an embedded copy (shipped in `data/`) or a copy in the shared
 * folder, import it. Returns true when it imported.
 */
export async function ensureCatalogueCorpus (corpora: CorpusStore, name: string, options: EnsureCatalogueCorpusOptions = {}): Promise<boolean> {
  const entry = catalogueEntry(name)
  // registered under its name, or its CID under another name (a folder added before it took the catalogue name)
  if ((await corpora.list()).some(e => e.name === name || (entry?.cid != null && e.cid === entry.cid))) return false
  if (entry == null) return false
  const candidates = [
    entry.embeddedPath != null ? join(QUARRY_PACKAGE_ROOT, entry.embeddedPath) : undefined,
    entry.localPath != null ? join(resolve(options.shared ?? join(QUARRY_PACKAGE_ROOT, '../shared')), entry.localPath) : undefined
  ].filter((p): p is string => p != null && existsSync(p))
  const folder = candidates[0]
  if (folder == null) return false
  await corpora.add(folder, { ...options, name })
  return true
}

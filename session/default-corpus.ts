import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { catalogueEntry } from './catalogue.js'
import type { CorpusStore, ProgressOptions } from '../corpora/index.js'
import type { AbortOptions } from '@libp2p/interface'

/** The corpus used when none is named */
export const DEFAULT_CORPUS = 'filecoin-docs'

/** The package root (where `data/` lives), from source or from `dist/` */
function packageRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir
    dir = resolve(dir, '..')
  }
  return dir
}

/**
 * Make sure a catalogue corpus is registered: if `name` is unknown but the
 * catalogue has an embedded copy (shipped in `data/`) or a copy in the shared
 * folder (`QUARRY_SHARED`), import it. Returns true when it imported.
 */
export async function ensureCatalogueCorpus (corpora: CorpusStore, name: string, options: AbortOptions & ProgressOptions = {}): Promise<boolean> {
  if ((await corpora.list()).some(e => e.name === name)) return false
  const entry = catalogueEntry(name)
  if (entry == null) return false
  const candidates = [
    entry.embeddedPath != null ? join(packageRoot(), entry.embeddedPath) : undefined,
    entry.localPath != null ? join(resolve(process.env.QUARRY_SHARED ?? join(packageRoot(), '../shared')), entry.localPath) : undefined
  ].filter((p): p is string => p != null && existsSync(p))
  const folder = candidates[0]
  if (folder == null) return false
  await corpora.add(folder, { ...options, name })
  return true
}

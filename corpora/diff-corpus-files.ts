import type { CorpusFile } from './list-corpus-files.js'
import type { CID } from 'multiformats/cid'

/** A file whose bytes differ between two versions of a corpus */
export interface ChangedFile {
  path: string
  /** Its CID in the old version */
  from: CID
  /** Its CID in the new version */
  to: CID
}

/** What changed between two versions of a corpus, by path and file CID */
export interface CorpusDiff {
  added: CorpusFile[]
  removed: CorpusFile[]
  changed: ChangedFile[]
  /** Files with the same path and CID in both */
  unchanged: number
}

/**
 * Compare two versions of a corpus file by file: a path only in the new
 * version is added, only in the old one removed, in both with another CID
 * changed. Each list is sorted by path.
 */
export async function diffCorpusFiles (before: AsyncIterable<CorpusFile>, after: AsyncIterable<CorpusFile>): Promise<CorpusDiff> {
  const old = new Map<string, CorpusFile>()
  for await (const f of before) old.set(f.path, f)
  const diff: CorpusDiff = { added: [], removed: [], changed: [], unchanged: 0 }
  for await (const f of after) {
    const prev = old.get(f.path)
    old.delete(f.path)
    if (prev == null) diff.added.push(f)
    else if (!prev.cid.equals(f.cid)) diff.changed.push({ path: f.path, from: prev.cid, to: f.cid })
    else diff.unchanged++
  }
  diff.removed = [...old.values()]
  const byPath = (a: { path: string }, b: { path: string }): number => a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  diff.added.sort(byPath)
  diff.removed.sort(byPath)
  diff.changed.sort(byPath)
  return diff
}

import { lstat, readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { AbortOptions } from '@libp2p/interface'

/** A file found under a folder */
export interface FolderFile {
  /** Absolute path on disk */
  absolute: string
  /** Path relative to the folder, `/`-separated */
  path: string
  size: number
}

/**
 * List regular files under a folder in a stable (sorted) order, skipping
 * dot-files, dot-folders and symlinks.
 */
export async function walkFolder (root: string, options: AbortOptions = {}): Promise<FolderFile[]> {
  const out: FolderFile[] = []
  const visit = async (dir: string): Promise<void> => {
    options.signal?.throwIfAborted()
    const entries = await readdir(dir, { withFileTypes: true })
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const absolute = join(dir, entry.name)
      if (entry.isDirectory()) {
        await visit(absolute)
      } else if (entry.isFile()) {
        const st = await lstat(absolute)
        out.push({ absolute, path: relative(root, absolute).split(sep).join('/'), size: st.size })
      }
    }
  }
  await visit(root)
  return out
}

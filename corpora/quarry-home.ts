import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** Where Quarry keeps its node and the corpus registry (other layers keep their own files under `root`) */
export interface QuarryHome {
  /** Root folder */
  root: string
  /** Helia blockstore folder */
  blocks: string
  /** Helia datastore folder (pins, libp2p keys) */
  datastore: string
  /** Registry of named corpora (JSON) */
  corporaFile: string
}

/**
 * The layout of a Quarry home folder: `root`, else `~/.quarry` (the session's
 * settings resolve `--home` and `QUARRY_HOME` before they get here).
 */
export function quarryHome (root?: string): QuarryHome {
  const dir = resolve(root ?? join(homedir(), '.quarry'))
  return {
    root: dir,
    blocks: join(dir, 'blocks'),
    datastore: join(dir, 'datastore'),
    corporaFile: join(dir, 'corpora.json')
  }
}

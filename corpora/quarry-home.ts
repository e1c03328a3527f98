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
 * Resolve the Quarry home folder: the explicit argument, else `QUARRY_HOME`,
 * else `~/.quarry`.
 */
export function quarryHome (root?: string, env: Record<string, string | undefined> = process.env): QuarryHome {
  const dir = resolve(root ?? env.QUARRY_HOME ?? join(homedir(), '.quarry'))
  return {
    root: dir,
    blocks: join(dir, 'blocks'),
    datastore: join(dir, 'datastore'),
    corporaFile: join(dir, 'corpora.json')
  }
}

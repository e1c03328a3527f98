import { parseCid } from '../corpora/index.js'
import { readManifest, verifyIndex, type Embedder, type IndexVerification, type VerifyIndexOptions } from '../indexes/index.js'
import type { QuarrySession } from './quarry-session.js'

/** Options for {@link verifyIndexRef} */
export type VerifyIndexRefOptions = Omit<VerifyIndexOptions, 'embedder' | 'embedderProblem' | 'offline'>

/**
 * `quarry index verify`: find the index a reference names (an index CID, or
 * a corpus name/CID: its newest index), create the embedder its manifest
 * names (with this session's settings, e.g. the USE runtime), and re-derive
 * the index from its corpus ({@link verifyIndex}). Blocks come from the home,
 * or from the network when the session has peers or gateways.
 */
export async function verifyIndexRef (session: Pick<QuarrySession, 'node' | 'indexes' | 'embedder'>, ref: string, options: VerifyIndexRefOptions = {}): Promise<IndexVerification> {
  const cid = (await session.indexes.find(ref)) ?? parseCid(ref)
  const offline = !session.node.online
  let embedder: Embedder | undefined
  let embedderProblem: string | undefined
  try {
    const manifest = await readManifest(session.node.blocks.fs, cid, { offline, signal: options.signal })
    try {
      embedder = await session.embedder(undefined, manifest.embedder.id)
    } catch (err) {
      embedderProblem = (err as Error).message
    }
  } catch {
    // verifyIndex reports an index it cannot read
  }
  return verifyIndex(session.node, cid, { ...options, offline, ...(embedder != null ? { embedder } : {}), ...(embedderProblem != null ? { embedderProblem } : {}) })
}

import { CID } from 'multiformats/cid'
import { bestIndexOf } from './index-list.js'
import { readManifest } from './load-index.js'
import type { IndexEntry } from './index-registry.js'
import type { CorpusStore, LazyNode } from '../../corpora/index.js'

/** What {@link findIndex} reads */
export interface FindIndexComponents {
  entries: IndexEntry[]
  blocks: Pick<LazyNode['blocks'], 'has' | 'fs'>
  corpora: Pick<CorpusStore, 'resolve'>
}

/**
 * The index CID for a reference: a registered index CID; a CID whose blocks
 * are here and that is an index (imported or fetched, even unregistered); else
 * a corpus name/CID, resolved to the corpus CID it names now, whose best
 * registered index (built with `embedderId`, when given) it is.
 */
export async function findIndex (ref: string, embedderId: string | undefined, { entries, blocks, corpora }: FindIndexComponents): Promise<CID | undefined> {
  const direct = entries.find(e => e.cid === ref)
  if (direct != null) return CID.parse(direct.cid)
  if (/^(b|Qm)/.test(ref)) {
    try {
      const cid = CID.parse(ref)
      if (await blocks.has(cid)) {
        await readManifest(blocks.fs, cid, { offline: true })
        return cid
      }
    } catch {
      // not an index: treat it as a corpus reference below
    }
  }
  let corpusCid: string | undefined
  try {
    corpusCid = (await corpora.resolve(ref)).cid.toString()
  } catch (err) {
    if ((err as Error).name !== 'CorpusNotFoundError') throw err
  }
  const best = corpusCid == null ? undefined : bestIndexOf(entries, corpusCid, embedderId)
  return best != null ? CID.parse(best.cid) : undefined
}

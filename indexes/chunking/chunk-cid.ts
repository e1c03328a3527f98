import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

const encoder = new TextEncoder()

/**
 * The CID of a chunk: CIDv1, raw codec, sha2-256 of the UTF-8 bytes of `text`.
 * Anyone holding a quoted chunk can recompute it.
 */
export async function chunkCid (text: string): Promise<CID> {
  const digest = await sha256.digest(encoder.encode(text))
  return CID.createV1(raw.code, digest)
}

/**
 * Check that `cid` is the {@link chunkCid} of `text`. Returns false (never
 * throws) for CIDs of another version, codec or hash function.
 */
export async function verifyChunkCid (text: string, cid: CID): Promise<boolean> {
  if (cid.version !== 1 || cid.code !== raw.code || cid.multihash.code !== sha256.code) {
    return false
  }
  return (await chunkCid(text)).equals(cid)
}

import type { AddOptions } from '@helia/unixfs'

/**
 * The exact UnixFS import parameters Quarry uses for corpora and indexes, so
 * that anyone can reproduce a corpus CID from the same folder: the IPIP-499
 * `unixfs-v1-2025` profile (CIDv1, raw leaves, 1 MiB fixed-size chunks,
 * 1024-link balanced DAGs, HAMT sharding over 256 KiB), no mode or mtime,
 * files sorted by path, hidden files (dot-files) and symlinks skipped, the
 * folder's contents at the root (the folder's own name is not part of the DAG).
 * Kubo equivalent: `ipfs add -r --cid-version=1 --raw-leaves --chunker=size-1048576 --hidden=false`.
 */
export const IMPORT_PARAMS: Readonly<Pick<AddOptions, 'profile' | 'cidVersion' | 'rawLeaves' | 'wrapWithDirectory'>> = Object.freeze({
  profile: 'unixfs-v1-2025',
  cidVersion: 1,
  rawLeaves: true,
  wrapWithDirectory: true
})

/** A well-known corpus */
export interface CatalogueEntry {
  name: string
  description: string
  license: string
  /** Where the bytes come from originally */
  source: string
  /** Root CID when known: what `quarry corpus add` gives for the folder named in `localPath` */
  cid?: string
  /** Folder, relative to the project's `../shared`, that reproduces `cid` */
  localPath?: string
  /** Folder inside the Quarry package holding an embedded copy (same bytes, same CID) */
  embeddedPath?: string
}

/**
 * The built-in catalogue. CIDs were produced with `quarry corpus add <folder>`
 * using {@link IMPORT_PARAMS} (UnixFS `unixfs-v1-2025` profile: CIDv1, raw
 * leaves, 1 MiB chunks, sorted paths, no dot-files, no mode/mtime, folder
 * contents at the root); re-running the import on the same folder reproduces
 * them exactly.
 */
export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze([
  {
    name: 'filecoin-docs',
    description: 'The Filecoin documentation (GitBook markdown source of docs.filecoin.io), 198 pages',
    license: 'MIT / Apache-2.0 (docs text earlier CC-BY-4.0)',
    source: 'filecoin-project/filecoin-docs @ 8dad65418e5f3d5fe113a49b58dd5ebdf54d7e80',
    cid: 'bafybeibveuydnh7kc4r4nv3y6jse3di3og6tq3mxcb544cy6bbnfwmy4uu',
    localPath: 'corpora/filecoin-docs',
    embeddedPath: 'data/filecoin-docs'
  },
  {
    name: 'jfk-2025-0318',
    description: 'Declassified JFK Assassination Records (NARA 2025 release), OCR text, 2,110 records with page markers',
    license: 'US federal records, public domain (17 USC 105)',
    source: 'archives.gov JFK release 2025-03-18; OCR via noops888/jfk-files-text @ 55840853',
    cid: 'bafybeihjuohb7q6vnkzk6v45ajjns2x3inkpgvocatikvpdkqrgbt2dxcu',
    localPath: 'corpora/jfk-2025-0318/docs'
  }
])

/** Look up a catalogue entry by name */
export function catalogueEntry (name: string): CatalogueEntry | undefined {
  return CATALOGUE.find(e => e.name === name)
}

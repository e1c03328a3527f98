import { z } from 'zod'
import { CATALOGUE } from '../session/index.js'
import { defineTool, type QuarryTool } from './define-tool.js'
import type { ToolContext } from './tool-context.js'

const schema = z.object({})

/** The output schema of `quarry_list_corpora` (MCP `outputSchema`) */
const outputSchema = z.looseObject({
  defaultCorpus: z.string(),
  corpora: z.array(z.looseObject({
    name: z.string(),
    cid: z.string().optional(),
    description: z.string().optional(),
    license: z.string().optional(),
    imported: z.boolean(),
    files: z.number().int().optional(),
    documents: z.number().int().optional(),
    bytes: z.number().int().optional(),
    indexes: z.array(z.looseObject({ cid: z.string(), embedder: z.string(), chunks: z.number().int(), builtAt: z.string() })),
    isDefault: z.boolean()
  }))
})

/** An index of a corpus, as listed by `quarry_list_corpora` */
export interface ListedIndex {
  cid: string
  embedder: string
  chunks: number
  builtAt: string
}

/** A corpus as listed by `quarry_list_corpora` */
export interface ListedCorpus {
  name: string
  /** Root CID (absent for a catalogue corpus whose CID is not fixed) */
  cid?: string
  description?: string
  license?: string
  /** False for a catalogue corpus not yet imported here (the first search imports it when a local copy exists) */
  imported: boolean
  files?: number
  documents?: number
  bytes?: number
  indexes: ListedIndex[]
  /** True for the corpus used when a tool is given none */
  isDefault: boolean
}

/** Output of `quarry_list_corpora` */
export interface ListCorporaOutput {
  defaultCorpus: string
  corpora: ListedCorpus[]
}

/** `quarry_list_corpora`: the corpora this node has (or can import) and their indexes */
export function listCorporaTool (ctx: ToolContext): QuarryTool<Record<string, never>, ListCorporaOutput> {
  return defineTool({
    name: 'quarry_list_corpora',
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    title: 'List corpora',
    description: 'List the document corpora available to search: name, root CID, description, license, document count and built indexes. ' +
      'Pass a name as the corpus argument of quarry_search or quarry_ask. Corpora with imported=false are catalogue entries: the first search imports and indexes them when this machine has a copy (this can take minutes).',
    schema,
    outputSchema,
    async execute (_input, options) {
      options.signal?.throwIfAborted()
      const { session } = ctx
      const defaultRef = ctx.defaultRef?.() ?? session.defaultCorpus
      const [entries, indexes] = await Promise.all([session.corpora.list(), session.indexes.list()])
      const indexesOf = (cid: string, name: string): ListedIndex[] => indexes
        .filter(i => i.corpusCid === cid)
        .map(i => ({ cid: i.cid, embedder: i.embedder, chunks: i.chunks, builtAt: i.builtAt }))
      const corpora: ListedCorpus[] = entries.map(e => {
        const cat = CATALOGUE.find(c => c.name === e.name || (c.cid != null && c.cid === e.cid))
        return {
          name: e.name,
          cid: e.cid,
          ...(cat != null ? { description: cat.description, license: cat.license } : {}),
          imported: true,
          files: e.files,
          ...(e.documents != null ? { documents: e.documents } : {}),
          bytes: e.bytes,
          indexes: indexesOf(e.cid, e.name),
          isDefault: e.name === defaultRef || e.cid === defaultRef
        }
      })
      for (const c of CATALOGUE) {
        if (corpora.some(e => e.name === c.name || (c.cid != null && e.cid === c.cid))) continue
        corpora.push({
          name: c.name,
          ...(c.cid != null ? { cid: c.cid } : {}),
          description: c.description,
          license: c.license,
          imported: false,
          indexes: c.cid != null ? indexesOf(c.cid, c.name) : [],
          isDefault: c.name === defaultRef
        })
      }
      return { defaultCorpus: defaultRef, corpora }
    }
  })
}

import type { Embedder } from '../indexes/embedder.js'

/**
 * Create the embedder named by `--embedder`, `QUARRY_EMBEDDER`, or (for an
 * existing index) the manifest's embedder id; the default is `use`.
 */
export async function embedderFor (spec: string | undefined, manifestId?: string): Promise<Embedder> {
  const { createEmbedder, parseEmbedderSpec } = await import('../indexes/embedders/create-embedder.js')
  let text = spec ?? process.env.QUARRY_EMBEDDER
  if (text == null && manifestId != null) {
    text = manifestId.startsWith('use:') ? 'use' : manifestId
  }
  const embedder = createEmbedder(parseEmbedderSpec(text ?? 'use', process.env))
  const loadable = embedder as Embedder & { init?: () => Promise<unknown> }
  if (typeof loadable.init === 'function') await loadable.init()
  return embedder
}

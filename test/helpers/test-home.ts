import { cp } from 'node:fs/promises'
import { inject } from 'vitest'
import { ensureCatalogueCorpus, openQuarrySession, type QuarrySession } from '../../session/index.js'
import { runCli } from './cli.js'
import { tempDir } from './shared.js'

/** LLM settings cleared so the developer's own environment cannot change the answering mode */
export const NO_LLM = { QUARRY_LLM_BASE_URL: '', QUARRY_LLM_MODEL: '', QUARRY_LLM_API_KEY: '', QUARRY_GGUF: '', QUARRY_CORPUS: 'filecoin-docs' }

/**
 * A private Quarry home with the Filecoin docs indexed: a copy of the one
 * test/global-setup.ts prebuilt, or (without it) built here through the CLI.
 */
export async function prepareHome (prefix = 'quarry-home-'): Promise<{ dir: string, cleanup: () => Promise<void> }> {
  const { copied, ...t } = await copyPrebuiltHome(prefix)
  if (!copied) {
    const res = await runCli(['search', 'storage deal', '--json'], { home: t.dir, timeoutMs: 900_000 })
    if (res.code !== 0) throw new Error(`building the index failed: ${res.stderr}`)
  }
  return t
}

/**
 * A temporary Quarry home holding a copy of the home test/global-setup.ts
 * prebuilt (when there is one); `copied` says whether it was copied.
 */
export async function copyPrebuiltHome (prefix = 'quarry-home-'): Promise<{ dir: string, copied: boolean, cleanup: () => Promise<void> }> {
  const t = await tempDir(prefix)
  const prebuilt = inject('quarryTestHome')
  const copied = prebuilt != null && prebuilt !== ''
  if (copied) await cp(prebuilt, t.dir, { recursive: true })
  return { ...t, copied }
}

/**
 * A session over a private copy of the prebuilt home ({@link copyPrebuiltHome})
 * with the Filecoin docs registered as the default corpus; without a prebuilt
 * home the index builds on first use. `close` closes the session and removes
 * the home.
 */
export async function openTestSession (prefix = 'quarry-home-'): Promise<{ session: QuarrySession, close: () => Promise<void> }> {
  const t = await copyPrebuiltHome(prefix)
  let session: QuarrySession | undefined
  try {
    session = await openQuarrySession({ home: t.dir, defaultCorpus: 'filecoin-docs' })
    await ensureCatalogueCorpus(session.corpora, 'filecoin-docs')
  } catch (err) {
    await session?.close()
    await t.cleanup()
    throw err
  }
  const opened = session
  return { session: opened, close: async () => { await opened.close(); await t.cleanup() } }
}

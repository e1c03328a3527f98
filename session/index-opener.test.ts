import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openQuarrySession, type QuarrySession } from './quarry-session.js'
import { resolveSettings } from './settings.js'

describe('session.openIndex (IndexOpener): the one way to open an index', () => {
  let dir: string
  let session: QuarrySession
  const folder = (name: string): string => join(dir, name)

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quarry-opener-'))
    for (const name of ['alpha', 'beta', 'gamma']) {
      await mkdir(folder(name), { recursive: true })
      await writeFile(join(folder(name), 'a.md'), `# ${name}\n\nStorage deals in the ${name} corpus last for a set term.\n`)
    }
    session = await openQuarrySession({ settings: resolveSettings({ home: join(dir, 'home') }, { env: {} }) })
    await session.corpora.add(folder('alpha'), { name: 'alpha' })
    await session.corpora.add(folder('beta'), { name: 'beta' })
  })
  afterAll(async () => {
    await session.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('shares one build between concurrent calls: each caller hears of it, an aborted caller stops only its own wait', async () => {
    const built: string[] = []
    const controller = new AbortController()
    const gaveUp = session.openIndex({ ref: 'alpha', dense: 'none', signal: controller.signal, onBuild: () => built.push('first') })
    const a = session.openIndex({ ref: 'alpha', dense: 'none', onBuild: () => built.push('second') })
    const b = session.openIndex({ ref: 'alpha', dense: 'none' })
    controller.abort(new Error('caller went away'))
    await expect(gaveUp).rejects.toThrow('caller went away')
    const [ia, ib] = await Promise.all([a, b])
    expect(ia).toBe(ib)
    expect(built).toEqual(['second'])
    expect((await session.indexes.list()).filter(e => e.corpusName === 'alpha')).toHaveLength(1)
    // a later call opens the same index, no second build
    expect(await session.openIndex({ ref: 'alpha', dense: 'none', onBuild: () => built.push('again') })).toBe(ia)
    expect(built).toEqual(['second'])
  })

  it('forgets a failed open, so the next call tries again', async () => {
    await expect(session.openIndex({ ref: 'gamma', dense: 'none' })).rejects.toMatchObject({ name: 'CorpusNotFoundError' })
    await session.corpora.add(folder('gamma'), { name: 'gamma' })
    expect((await session.openIndex({ ref: 'gamma', dense: 'none' })).chunks.length).toBeGreaterThan(0)
  })

  it('stops a build in progress when the session closes, and close waits for it', async () => {
    const other = await openQuarrySession({ settings: resolveSettings({ home: join(dir, 'home') }, { env: {} }) })
    const opening = other.openIndex({ ref: 'beta' }) // a full build: embeds with the USE model
    opening.catch(() => {})
    await new Promise(resolve => setTimeout(resolve, 200))
    await other.close()
    await expect(opening).rejects.toMatchObject({ name: 'AbortError' })
  })
})

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_FETCH_MAX_BLOCKS, DEFAULT_FETCH_MAX_BYTES } from '../corpora/index.js'
import { openQuarrySession } from './quarry-session.js'
import { DEFAULT_PROGRESS_INTERVAL_MS, readEnvFile, resolveSettings } from './settings.js'

describe('resolveSettings', () => {
  let dir: string
  let envFile: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'quarry-settings-'))
    envFile = join(dir, '.env')
    await writeFile(envFile, [
      '# a comment',
      'QUARRY_CORPUS=from-dotenv',
      'QUARRY_EMBEDDER=transformers:Xenova/all-MiniLM-L6-v2',
      'QUARRY_LLM_BASE_URL="http://127.0.0.1:9/v1"',
      'QUARRY_LLM_MODEL=',
      'QUARRY_HOME=~/quarry-from-dotenv',
      'QUARRY_PEERS=/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK'
    ].join('\n'))
  })
  afterAll(async () => rm(dir, { recursive: true, force: true }))

  it('reads .env files: comments, quotes, empty values', () => {
    expect(readEnvFile(envFile)).toMatchObject({ QUARRY_CORPUS: 'from-dotenv', QUARRY_LLM_BASE_URL: 'http://127.0.0.1:9/v1', QUARRY_LLM_MODEL: '' })
    expect(readEnvFile(join(dir, 'missing.env'))).toEqual({})
  })

  it('takes flags over the environment over .env over defaults', () => {
    const fromFile = resolveSettings({}, { env: {}, envFile })
    expect(fromFile.defaultCorpus).toBe('from-dotenv')
    expect(fromFile.home).toBe(join(homedir(), 'quarry-from-dotenv'))
    expect(fromFile.llm).toEqual({ baseURL: 'http://127.0.0.1:9/v1' })
    expect(fromFile.network.peers).toHaveLength(1)
    const fromEnv = resolveSettings({}, { env: { QUARRY_CORPUS: 'from-env', QUARRY_PEERS: '' }, envFile })
    expect(fromEnv.defaultCorpus).toBe('from-env')
    expect(fromEnv.network.peers).toEqual([])
    const fromFlags = resolveSettings({ corpus: 'from-flag', peers: ['/ip4/127.0.0.1/tcp/1/p2p/x'] }, { env: { QUARRY_CORPUS: 'from-env' }, envFile })
    expect(fromFlags.defaultCorpus).toBe('from-flag')
    expect(fromFlags.network.peers).toEqual(['/ip4/127.0.0.1/tcp/1/p2p/x'])
    const defaults = resolveSettings({}, { env: {}, envFile: false })
    expect(defaults).toMatchObject({ defaultCorpus: 'filecoin-docs', home: join(homedir(), '.quarry'), llm: {}, debug: false })
    expect(defaults.embedder).toBeUndefined()
  })

  it('reads no .env unless one is named: an app\'s QUARRY_GATEWAYS line does not turn networking on', async () => {
    const app = await mkdtemp(join(tmpdir(), 'quarry-app-'))
    const cwd = process.cwd()
    try {
      await writeFile(join(app, '.env'), 'QUARRY_GATEWAYS=http://127.0.0.1:9\nQUARRY_CORPUS=from-app-dotenv\n')
      process.chdir(app)
      const library = resolveSettings({}, { env: {} })
      expect([library.network.gateways, library.network.peers, library.network.routers]).toEqual([[], [], []])
      expect(library.defaultCorpus).toBe('filecoin-docs')
      const session = await openQuarrySession({ home: join(app, 'home') })
      await session.close()
      expect([session.node.online, session.settings.defaultCorpus]).toEqual([false, 'filecoin-docs'])
      const named = resolveSettings({}, { env: {}, envFile: '.env' })
      expect(named.network.gateways).toEqual(['http://127.0.0.1:9'])
      expect(named.defaultCorpus).toBe('from-app-dotenv')
    } finally {
      process.chdir(cwd)
      await rm(app, { recursive: true, force: true })
    }
  })

  it('checks QUARRY_EMBED_THREADS once, naming it', () => {
    expect(resolveSettings({}, { env: { QUARRY_EMBED_THREADS: '2' }, envFile: false }).embedThreads).toBe(2)
    expect(() => resolveSettings({}, { env: { QUARRY_EMBED_THREADS: 'two' }, envFile: false })).toThrow(/QUARRY_EMBED_THREADS.*"two"/)
  })

  it('resolves the fetch caps and the progress interval: flags, then the environment, then defaults', () => {
    const defaults = resolveSettings({}, { env: {}, envFile: false })
    expect(defaults.fetchLimits).toEqual({ maxBytes: DEFAULT_FETCH_MAX_BYTES, maxBlocks: DEFAULT_FETCH_MAX_BLOCKS })
    expect(defaults.progressIntervalMs).toBe(DEFAULT_PROGRESS_INTERVAL_MS)
    const env = { QUARRY_FETCH_MAX_BYTES: '5000', QUARRY_FETCH_MAX_BLOCKS: '7', QUARRY_PROGRESS_INTERVAL_MS: '0' }
    const fromEnv = resolveSettings({}, { env, envFile: false })
    expect(fromEnv.fetchLimits).toEqual({ maxBytes: 5000, maxBlocks: 7 })
    expect(fromEnv.progressIntervalMs).toBe(0)
    expect(resolveSettings({ fetchMaxBlocks: 3 }, { env, envFile: false }).fetchLimits).toEqual({ maxBytes: 5000, maxBlocks: 3 })
    expect(() => resolveSettings({}, { env: { QUARRY_FETCH_MAX_BYTES: '1e3x' }, envFile: false }))
      .toThrow(expect.objectContaining({ name: 'InvalidSettingError', message: expect.stringMatching(/QUARRY_FETCH_MAX_BYTES.*"1e3x"/) }))
    expect(() => resolveSettings({}, { env: { QUARRY_FETCH_MAX_BLOCKS: '0' }, envFile: false })).toThrow(/QUARRY_FETCH_MAX_BLOCKS.*at least 1/)
    expect(() => resolveSettings({}, { env: { QUARRY_PROGRESS_INTERVAL_MS: '-1' }, envFile: false })).toThrow(/QUARRY_PROGRESS_INTERVAL_MS/)
  })

  it('resolves the index part size from QUARRY_INDEX_PART_BYTES (unset: the pin default), refusing sizes out of range', () => {
    expect(resolveSettings({}, { env: {}, envFile: false }).indexPartBytes).toBeUndefined()
    expect(resolveSettings({}, { env: { QUARRY_INDEX_PART_BYTES: '4096' }, envFile: false }).indexPartBytes).toBe(4096)
    expect(() => resolveSettings({}, { env: { QUARRY_INDEX_PART_BYTES: '10' }, envFile: false })).toThrow(/QUARRY_INDEX_PART_BYTES.*at least 1024/)
    expect(() => resolveSettings({}, { env: { QUARRY_INDEX_PART_BYTES: String(2 ** 31) }, envFile: false })).toThrow(expect.objectContaining({ name: 'InvalidSettingError', message: expect.stringContaining('at most') }))
  })
})

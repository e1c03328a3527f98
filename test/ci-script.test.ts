import { spawnSync } from 'node:child_process'
import { mkdir, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, afterAll } from 'vitest'
import { ROOT, tempDir } from './helpers/shared.js'

/** A PATH holding only the tools `.ci/run` uses before `npm ci` (no tmux, no apt-get) */
async function barePath (dir: string): Promise<string> {
  const bin = join(dir, 'bin')
  await mkdir(bin, { recursive: true })
  for (const tool of ['dirname', 'bash', 'env']) {
    const where = spawnSync('bash', ['-c', `command -v ${tool}`]).stdout.toString().trim()
    if (where !== '') await symlink(where, join(bin, tool))
  }
  return bin
}

describe('.ci/run refuses to run with suites that would skip', () => {
  const cleanups: Array<() => Promise<void>> = []
  afterAll(async () => { for (const c of cleanups) await c() })

  it('fails when the shared data folder is missing', () => {
    const res = spawnSync('bash', [join(ROOT, '.ci/run')], { env: { ...process.env, QUARRY_SHARED: '/nonexistent/shared' }, encoding: 'utf8' })
    expect(res.status).toBe(1)
    expect(res.stderr).toContain('CI: shared data not found at /nonexistent/shared')
  })

  it('fails when tmux is missing and cannot be installed', async () => {
    const t = await tempDir('quarry-ci-')
    cleanups.push(t.cleanup)
    const res = spawnSync(join(await barePath(t.dir), 'bash'), [join(ROOT, '.ci/run')], { env: { PATH: join(t.dir, 'bin'), QUARRY_SHARED: process.env.QUARRY_SHARED ?? join(ROOT, '../shared') }, encoding: 'utf8' })
    expect(res.status).toBe(1)
    expect(res.stderr).toContain('CI: tmux is required and could not be installed')
  })
})

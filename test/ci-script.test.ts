import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
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

  it('runs npm ci with an empty HOME and npm cache, and node-gyp pointed at the Node headers beside node', async () => {
    const t = await tempDir('quarry-ci-')
    cleanups.push(t.cleanup)
    const bin = join(t.dir, 'bin')
    await mkdir(bin, { recursive: true })
    for (const tool of ['dirname', 'bash', 'env', 'mktemp', 'node', 'tmux', 'rm']) {
      const where = spawnSync('bash', ['-c', `command -v ${tool}`]).stdout.toString().trim()
      if (where !== '') await symlink(where, join(bin, tool))
    }
    // a stand-in npm that reports what `npm ci` would run with, then stops the script
    const bash = spawnSync('bash', ['-c', 'command -v bash']).stdout.toString().trim()
    await writeFile(join(bin, 'npm'), `#!${bash}\necho "args=$*"\necho "home=$HOME"\nshopt -s nullglob dotglob; entries=("$HOME"/*); echo "home-entries=\${#entries[@]}"\necho "cache=$npm_config_cache"\necho "nodedir=$npm_config_nodedir"\nexit 7\n`)
    await chmod(join(bin, 'npm'), 0o755)
    const res = spawnSync(join(bin, 'bash'), [join(ROOT, '.ci/run')], { env: { PATH: bin, HOME: '/root', QUARRY_SHARED: process.env.QUARRY_SHARED ?? join(ROOT, '../shared') }, encoding: 'utf8' })
    expect(res.status, res.stderr).toBe(7)
    const seen = Object.fromEntries(res.stdout.trim().split('\n').map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    expect(seen.args).toBe('ci --no-audit --no-fund')
    expect(seen.home).toMatch(/quarry-ci-home\.\w+$/)
    expect(seen.home).not.toBe('/root')
    expect(seen['home-entries']).toBe('0')
    expect(seen.cache).toBe(`${seen.home ?? ''}/.npm`)
    const prefix = resolve(process.execPath, '../..')
    expect(seen.nodedir).toBe(existsSync(join(prefix, 'include/node/node_version.h')) ? prefix : '')
    expect(res.stderr).toContain('CI: empty HOME and npm cache at')
    // the fresh HOME (and the npm cache in it) is removed when the script exits
    expect(existsSync(seen.home ?? '/')).toBe(false)
  })

  it('fails when tmux is missing and cannot be installed', async () => {
    const t = await tempDir('quarry-ci-')
    cleanups.push(t.cleanup)
    const res = spawnSync(join(await barePath(t.dir), 'bash'), [join(ROOT, '.ci/run')], { env: { PATH: join(t.dir, 'bin'), QUARRY_SHARED: process.env.QUARRY_SHARED ?? join(ROOT, '../shared') }, encoding: 'utf8' })
    expect(res.status).toBe(1)
    expect(res.stderr).toContain('CI: tmux is required and could not be installed')
  })
})

import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, it, expect } from 'vitest'
import { gitCommit } from './git-commit.js'

let haveGit = true
try {
  execFileSync('git', ['--version'])
} catch {
  haveGit = false
  console.warn('skipping gitCommit tests: git is not installed')
}

describe.skipIf(!haveGit)('gitCommit', () => {
  let dir: string
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Quarry Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' }).trim()

  beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'quarry-git-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('is undefined outside a repository, then in a repository without commits, then the HEAD hash', async () => {
    expect(await gitCommit(dir)).toBeUndefined()
    git('init', '--quiet')
    expect(await gitCommit(dir)).toBeUndefined()
    await writeFile(path.join(dir, 'a.txt'), 'a')
    git('add', 'a.txt')
    git('commit', '--quiet', '-m', 'first')
    const head = git('rev-parse', 'HEAD')
    expect(head).toMatch(/^[0-9a-f]{40}$/)
    expect(await gitCommit(dir)).toBe(head)
  })

  it('is undefined for a folder that does not exist', async () => {
    expect(await gitCommit(path.join(dir, 'missing'))).toBeUndefined()
  })
})

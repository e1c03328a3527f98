import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runCli } from './helpers/cli.js'
import { HAS_SHARED, shared, tempDir } from './helpers/shared.js'

describe.skipIf(!HAS_SHARED)('bad input to quarry corpus leaves the store intact', () => {
  let home: string
  let work: string
  let docsCid: string
  let cleanup: () => Promise<void>

  const stillIntact = async (): Promise<void> => {
    const ls = await runCli(['corpus', 'ls', 'small', '--json'], { home })
    expect(ls.code).toBe(0)
    expect(ls.stdout.trim().split('\n')).toHaveLength(3)
    const list = await runCli(['corpus', 'list', '--json'], { home })
    const names = (JSON.parse(list.stdout) as { corpora: Array<{ name: string }> }).corpora.map(c => c.name)
    expect(names).toEqual(['small'])
  }

  beforeAll(async () => {
    const t = await tempDir()
    cleanup = t.cleanup
    home = join(t.dir, 'home')
    work = join(t.dir, 'work')
    const small = join(work, 'small')
    await mkdir(join(small, 'sub'), { recursive: true })
    await writeFile(join(small, 'a.md'), '# Alpha\n\nAlpha text about storage deals.\n')
    await writeFile(join(small, 'b.txt'), 'Plain text about retrieval.\n')
    await writeFile(join(small, 'sub', 'c.md'), '# Gamma\n\nNested page.\n')
    const add = await runCli(['corpus', 'add', small], { home })
    expect(add.code).toBe(0)
    docsCid = add.stdout.trim()
    const exp = await runCli(['corpus', 'export', 'small', join(work, 'small.car')], { home })
    expect(exp.code).toBe(0)
  })
  afterAll(async () => cleanup())

  it('round-trips a CAR into a fresh home with the same CID', async () => {
    const t = await tempDir()
    try {
      const res = await runCli(['corpus', 'add', join(work, 'small.car'), '--name', 'from-car'], { home: t.dir })
      expect(res.code).toBe(0)
      expect(res.stdout.trim()).toBe(docsCid)
    } finally {
      await t.cleanup()
    }
  })

  it('rejects a corrupt CAR naming the bad block', async () => {
    const bytes = Buffer.from(await readFile(join(work, 'small.car')))
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff
    await writeFile(join(work, 'corrupt.car'), bytes)
    const res = await runCli(['corpus', 'add', join(work, 'corrupt.car')], { home })
    expect(res.code).not.toBe(0)
    expect(res.stderr).toMatch(/InvalidCarError.*corrupt/)
    await stillIntact()
  })

  it('rejects a truncated CAR', async () => {
    const bytes = await readFile(join(work, 'small.car'))
    await writeFile(join(work, 'truncated.car'), bytes.subarray(0, Math.floor(bytes.length * 0.6)))
    const res = await runCli(['corpus', 'add', join(work, 'truncated.car')], { home })
    expect(res.code).not.toBe(0)
    expect(res.stderr).toMatch(/InvalidCarError.*(truncated|incomplete)/)
    await stillIntact()
  })

  it('rejects a file that is not a CAR at all', async () => {
    await writeFile(join(work, 'notes.car'), 'hello, not a car')
    const res = await runCli(['corpus', 'add', join(work, 'notes.car')], { home })
    expect(res.code).not.toBe(0)
    expect(res.stderr).toMatch(/InvalidCarError/)
    await stillIntact()
  })

  it('times out on an unknown CID with a short timeout', async () => {
    const t = await tempDir()
    try {
      const res = await runCli(['corpus', 'fetch', 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku', '--gateway', 'http://127.0.0.1:9', '--timeout', '2'], { home })
      expect(res.code).not.toBe(0)
      // one line naming the endpoint at fault and what happened (test/network-errors.test.ts checks the wording)
      expect(res.stderr).toMatch(/EndpointUnreachableError|FetchTimeoutError|could not|failed/i)
      expect(res.stderr).toContain('http://127.0.0.1:9')
      const offline = await runCli(['corpus', 'fetch', 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku', '--timeout', '2'], { home: t.dir })
      expect(offline.code).not.toBe(0)
      expect(offline.stderr).toMatch(/offline.*--peer/)
    } finally {
      await t.cleanup()
    }
    await stillIntact()
  })

  it('rejects a folder that does not exist', async () => {
    const res = await runCli(['corpus', 'add', join(work, 'no-such-folder')], { home })
    expect(res.code).not.toBe(0)
    expect(res.stderr).toMatch(/SourceNotFoundError.*no-such-folder/)
    await stillIntact()
  })

  it('rejects a malformed CID string', async () => {
    const res = await runCli(['corpus', 'fetch', 'bafy-not-a-cid'], { home })
    expect(res.code).not.toBe(0)
    expect(res.stderr).toMatch(/InvalidCidError.*bafy-not-a-cid/)
    await stillIntact()
  })

  it.skipIf(!HAS_SHARED)('adds the shared filecoin docs alongside without disturbing the others', async () => {
    const res = await runCli(['corpus', 'add', shared('corpora/filecoin-docs'), '--json'], { home })
    expect(res.code).toBe(0)
    expect((JSON.parse(res.stdout) as { documents: number }).documents).toBeGreaterThanOrEqual(198)
    const ls = await runCli(['corpus', 'ls', 'small'], { home })
    expect(ls.code).toBe(0)
  })
})

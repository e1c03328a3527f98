import { cp } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, afterAll } from 'vitest'
import { CATALOGUE } from '../session/index.js'
import { runCli } from './helpers/cli.js'
import { startServe, type ServeProcess } from './helpers/serve.js'
import { ROOT } from './helpers/shared.js'
import { useTempDir, writeFolder } from './helpers/temp-dir.js'

const FILECOIN_DOCS_CID = CATALOGUE.find(c => c.name === 'filecoin-docs')?.cid ?? ''

interface ListedCorpus { name: string, cid: string, bytes: number }

async function corpusNames (home: string): Promise<ListedCorpus[]> {
  const res = await runCli(['corpus', 'list', '--json'], { home })
  expect(res.code, res.stderr).toBe(0)
  return (JSON.parse(res.stdout) as { corpora: ListedCorpus[] }).corpora
}

/** The rough edges a new user hit in issue 26, each through the CLI where it was hit */
describe('rough edges a new user hit', () => {
  const work = useTempDir('quarry-new-user-')

  it('a folder whose CID is a catalogue corpus takes the catalogue name, and the catalogue name never imports a second copy', async () => {
    // the same bytes as the catalogue's filecoin-docs, in a folder named `docs` (as ../shared/corpora/jfk-2025-0318/docs is)
    const docs = join(work.dir, 'copy', 'docs')
    await cp(join(ROOT, 'data/filecoin-docs'), docs, { recursive: true })

    const home = join(work.dir, 'home-catalogue')
    const add = await runCli(['corpus', 'add', docs], { home })
    expect(add.code, add.stderr).toBe(0)
    expect(add.stdout.trim()).toBe(FILECOIN_DOCS_CID)
    expect(add.stderr).toMatch(/^added filecoin-docs: /m)
    expect((await corpusNames(home)).map(c => c.name)).toEqual(['filecoin-docs'])

    // a home where the folder was registered under another name (`--name`, or before this fix):
    // asking by the catalogue name uses that entry instead of importing the embedded copy again
    const legacy = join(work.dir, 'home-legacy')
    expect((await runCli(['corpus', 'add', docs, '--name', 'docs'], { home: legacy })).code).toBe(0)
    const search = await runCli(['search', 'storage deal', '--corpus', 'filecoin-docs', '--mode', 'lexical', '--json'], { home: legacy })
    expect(search.code, search.stderr).toBe(0)
    expect(search.stderr).not.toMatch(/import/i)
    expect((await corpusNames(legacy)).map(c => [c.name, c.cid])).toEqual([['docs', FILECOIN_DOCS_CID]])
  }, 180_000)

  it('`corpus add some.car` reports the bytes of its files, as the folder import of the same CID does', async () => {
    const folder = await writeFolder(join(work.dir, 'small'), { 'a.md': '# Alpha\n\nAlpha text about storage deals.\n', 'sub/b.txt': 'Plain text about retrieval.\n' })
    const home = join(work.dir, 'home-car')
    const added = await runCli(['corpus', 'add', folder, '--json'], { home })
    expect(added.code, added.stderr).toBe(0)
    const fromFolder = JSON.parse(added.stdout) as ListedCorpus
    expect(fromFolder.bytes).toBe(41 + 28)
    const car = join(work.dir, 'small.car')
    expect((await runCli(['corpus', 'export', 'small', car], { home })).code).toBe(0)

    const fresh = join(work.dir, 'home-car-2')
    const fromCar = await runCli(['corpus', 'add', car], { home: fresh })
    expect(fromCar.code, fromCar.stderr).toBe(0)
    expect(fromCar.stdout.trim()).toBe(fromFolder.cid)
    expect(fromCar.stderr).toMatch(/^added small: 2 files, 2 documents, 69 B$/m)
    expect((await corpusNames(fresh))[0]?.bytes).toBe(fromFolder.bytes)
  }, 120_000)

  it('`ask --corpus nosuchcorpus` says the corpus is unknown without announcing a build', async () => {
    const res = await runCli(['ask', 'What is a storage deal?', '--corpus', 'nosuchcorpus'], { home: join(work.dir, 'home-missing') })
    expect(res.code).toBe(1)
    expect(res.stderr).not.toMatch(/building/)
    expect(res.stderr).toMatch(/CorpusNotFoundError.*No corpus named "nosuchcorpus".*quarry corpus add <folder>/)
  }, 60_000)

  it('a malformed CID is one line saying what is wrong and what to do, not the multiformats message', async () => {
    const home = join(work.dir, 'home-cid')
    const cases: Array<[string[], RegExp]> = [
      [['corpus', 'fetch', 'bafybeibveuydnh7kc4r4nv3y6jse3di3og'], /cut short: 35 characters, a CIDv1 such as bafy… has 59 or more/],
      [['corpus', 'fetch', 'QmFoo'], /cut short: 5 characters, a CIDv0 has 46/],
      [['search', 'deal', '--index', 'bafybeibveuydnh7kc4r4nv3y6jse3di3og6tq3mxcb544cy6bbnfwmy4u1'], /mistyped: a CIDv1 such as bafy… is base32/]
    ]
    for (const [args, why] of cases) {
      const res = await runCli(args, { home })
      expect(res.code, args.join(' ')).toBe(1)
      const lines = res.stderr.trim().split('\n')
      expect(lines, res.stderr).toHaveLength(1)
      expect(lines[0]).toMatch(/^Error \(InvalidCidError\): ".*" is not a valid CID \(.*\): copy the whole CID; `quarry corpus list` and `quarry index list` print the CIDs this home knows$/)
      expect(lines[0]).toMatch(why)
      expect(res.stderr).not.toMatch(/Unexpected end of data|Invalid CID version|Non-base32/)
    }
  }, 60_000)

  describe('the gateway of `quarry serve`', () => {
    let serve: ServeProcess | undefined
    afterAll(async () => { await serve?.stop() })

    it('answers raw or CAR by Accept under `immutable` with `Vary: Accept`', async () => {
      const folder = await writeFolder(join(work.dir, 'served'), { 'a.md': '# Served\n\nA served page.\n' })
      const home = join(work.dir, 'home-serve')
      const cid = (await runCli(['corpus', 'add', folder], { home })).stdout.trim()
      serve = await startServe(home, ['--gateway-listen', '127.0.0.1:0'])
      expect(serve.gateway).toBeDefined()
      for (const accept of ['application/vnd.ipld.raw', 'application/vnd.ipld.car']) {
        const res = await fetch(`${serve.gateway ?? ''}/ipfs/${cid}`, { headers: { accept } })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toContain(accept)
        expect(res.headers.get('cache-control')).toContain('immutable')
        expect(res.headers.get('vary')).toBe('Accept')
        await res.arrayBuffer()
      }
    }, 120_000)
  })
})

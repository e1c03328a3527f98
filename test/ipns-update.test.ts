import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { runCli } from './helpers/cli.js'
import { startRoutingServer, serveProviders, type RoutingServer } from './helpers/routing-server.js'
import { startServe, type ServeProcess } from './helpers/serve.js'
import { tempDir } from './helpers/shared.js'

const SLOW = { timeout: 400_000 }

/** A small markdown page about `topic`, long enough for a few chunks */
function page (topic: string, version = 1): string {
  const para = (n: number): string => `${topic} paragraph ${n} (v${version}): ${topic} stores data on many providers, each proving over time that it still holds the bytes it promised to keep. `.repeat(4)
  return `# ${topic}\n\n${para(1)}\n\n## Details\n\n${para(2)}\n\n${para(3)}\n`
}

const TOPICS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel']

describe('corpora that update: publish an IPNS name, fetch by it, update and rebuild reusing embeddings', () => {
  let router: RoutingServer
  let serve: ServeProcess | undefined
  let publisher: string
  let folder: string
  const cleanups: Array<() => Promise<void>> = []
  const dir = async (): Promise<string> => {
    const t = await tempDir('quarry-ipns-')
    cleanups.push(t.cleanup)
    return t.dir
  }

  beforeAll(async () => {
    router = await startRoutingServer()
    publisher = await dir()
    folder = join(await dir(), 'docs')
    await mkdir(folder, { recursive: true })
    for (const t of TOPICS) await writeFile(join(folder, `${t}.md`), page(t))
  })
  afterAll(async () => {
    await serve?.stop('SIGKILL')
    await router.close()
    for (const c of cleanups) await c()
  })

  it('publish → fetch /ipns/<key> → change 5 documents → publish → update: the report and the reuse count; DNSLink names resolve through an injected resolver', SLOW, async () => {
    const env = { QUARRY_ROUTING: router.url }
    const added = await runCli(['corpus', 'add', folder, '--name', 'docs'], { home: publisher })
    expect(added.code, added.stderr).toBe(0)
    const v1 = added.stdout.trim()
    const published = await runCli(['corpus', 'publish', 'docs', '--key', 'docs-key'], { home: publisher, env })
    expect(published.code, published.stderr).toBe(0)
    const name = published.stdout.trim()
    expect(name).toMatch(/^\/ipns\/k51\w+$/)
    expect(published.stderr).toMatch(new RegExp(`published ${name} → ${v1} \\(sequence \\d+\\)`))
    expect(router.requests.some(r => r.startsWith('PUT /routing/v1/ipns/'))).toBe(true)
    const noRouting = await runCli(['corpus', 'publish', 'docs', '--key', 'docs-key'], { home: publisher })
    expect(noRouting.code).toBe(1)
    expect(noRouting.stderr).toContain('needs a routing endpoint')

    serve = await startServe(publisher, ['--listen', '/ip4/127.0.0.1/tcp/0', '--gateway-listen', '127.0.0.1:0'])
    router.everything = serveProviders(serve, ['gateway'])

    const reader = await dir()
    const fetched = await runCli(['corpus', 'fetch', name, '--name', 'docs', '--timeout', '60'], { home: reader, env })
    expect(fetched.code, fetched.stderr).toBe(0)
    expect(fetched.stdout.trim()).toBe(v1)
    expect(fetched.stderr).toContain(`resolved ${name} → ${v1} (ipns)`)
    const built = await runCli(['index', 'build', 'docs'], { home: reader })
    expect(built.code, built.stderr).toBe(0)

    // the publisher changes 5 documents: 2 edited, 2 added, 1 removed, and publishes the new version under the same name
    await writeFile(join(folder, 'alpha.md'), page('alpha', 2))
    await writeFile(join(folder, 'bravo.md'), page('bravo', 2))
    await writeFile(join(folder, 'india.md'), page('india'))
    await writeFile(join(folder, 'juliett.md'), page('juliett'))
    await rm(join(folder, 'hotel.md'))
    const readded = await runCli(['corpus', 'add', folder, '--name', 'docs'], { home: publisher })
    expect(readded.code, readded.stderr).toBe(0)
    const v2 = readded.stdout.trim()
    const republished = await runCli(['corpus', 'publish', 'docs', '--key', 'docs-key'], { home: publisher, env })
    expect(republished.code, republished.stderr).toBe(0)
    expect(republished.stdout.trim()).toBe(name)

    const update = await runCli(['corpus', 'update', 'docs', '--json'], { home: reader, env })
    expect(update.code, update.stderr).toBe(0)
    const report = JSON.parse(update.stdout) as { from: string, to: string, added: Array<{ path: string }>, removed: Array<{ path: string }>, changed: Array<{ path: string, from: string, to: string }>, unchanged: number, index: { chunks: number, embeddingsReused: number, computed: number } }
    expect([report.from, report.to]).toEqual([v1, v2])
    expect(report.added.map(f => f.path)).toEqual(['india.md', 'juliett.md'])
    expect(report.removed.map(f => f.path)).toEqual(['hotel.md'])
    expect(report.changed.map(f => f.path)).toEqual(['alpha.md', 'bravo.md'])
    expect(report.unchanged).toBe(5)
    console.log(`[ipns] update of a corpus changed in 5 documents: ${JSON.stringify({ added: report.added.length, removed: report.removed.length, changed: report.changed.length, unchanged: report.unchanged, ...report.index })}`)
    expect(report.index.embeddingsReused).toBeGreaterThan(0)
    expect(report.index.computed).toBeGreaterThan(0)
    expect(report.index.embeddingsReused + report.index.computed).toBe(report.index.chunks)
    const offline = await runCli(['corpus', 'update', 'docs'], { home: reader })
    expect(offline.code).toBe(1)
    expect(offline.stderr).toContain('needs the network: pass --routing <url>')
    const again = await runCli(['corpus', 'update', 'docs'], { home: reader, env })
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain(`docs is up to date: ${name} still names ${v2}`)

    // DNSLink: the domain names the IPNS key; the resolver is the stand-in's DNS-over-HTTPS JSON endpoint, never real DNS
    router.dnslink.set('docs.example.test', name)
    const other = await dir()
    const viaDns = await runCli(['corpus', 'fetch', '/ipns/docs.example.test', '--timeout', '60'], { home: other, env: { ...env, QUARRY_DNS_RESOLVERS: `${router.url}/dns-query` } })
    expect(viaDns.code, viaDns.stderr).toBe(0)
    expect(viaDns.stdout.trim()).toBe(v2)
    expect(viaDns.stderr).toContain(`resolved /ipns/docs.example.test → ${v2} (dnslink)`)
    const list = JSON.parse((await runCli(['corpus', 'list', '--json'], { home: other })).stdout) as { corpora: Array<{ name: string, ipns?: string }> }
    expect(list.corpora).toEqual([expect.objectContaining({ name: 'docs.example.test', ipns: '/ipns/docs.example.test' })])
  })
})

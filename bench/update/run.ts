/**
 * bench/update: `quarry corpus update` on the Filecoin docs after 5 of its
 * documents change (2 edited, 2 added, 1 removed), through the built CLI: a
 * publisher home serves the corpus (`quarry serve`, trustless gateway), a
 * DNSLink name points at it (answered by a DNS-over-HTTPS JSON stand-in on
 * 127.0.0.1, so no real DNS), a reader fetches it by that name and builds its
 * index; the publisher changes 5 documents and re-adds the folder, the name
 * is pointed at the new root, and the reader runs `corpus update`. Prints the
 * update report and how many embeddings the rebuilt index reused by chunk CID.
 *
 *   npm run build && node --import tsx bench/update/run.ts [--corpus FOLDER]
 */
import { spawn } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const ROOT = join(import.meta.dirname, '../..')
const MAIN = join(ROOT, 'dist/cli/main.js')
const { values } = parseArgs({ options: { corpus: { type: 'string', default: join(ROOT, '../shared/corpora/filecoin-docs') } } })
const CLEAN = { QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_ROUTING: '', QUARRY_LISTEN: '', QUARRY_LLM_BASE_URL: '', QUARRY_DNS_RESOLVERS: '' }

/** Run the built CLI (asynchronously: the DNS stand-in answers from this process) and return its stdout */
async function quarry (home: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const t = Date.now()
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, ...CLEAN, QUARRY_HOME: home, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', d => { out += String(d) })
  child.stderr.on('data', d => { err += String(d) })
  const code = await new Promise<number | null>(resolve => child.once('close', resolve))
  if (code !== 0) throw new Error(`quarry ${args.join(' ')} failed: ${err}`)
  console.log(`  quarry ${args.join(' ')}: ${((Date.now() - t) / 1000).toFixed(1)} s`)
  return out
}

/** The markdown files under a folder, relative paths, sorted */
async function markdown (dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, e.name)
    if (e.isDirectory()) out.push(...await markdown(dir, rel))
    else if (e.name.endsWith('.md')) out.push(rel)
  }
  return out.sort()
}

const work = await mkdtemp(join(tmpdir(), 'quarry-bench-update-'))
const folder = join(work, 'filecoin-docs')
const publisher = join(work, 'publisher')
const reader = join(work, 'reader')
await cp(values.corpus, folder, { recursive: true })
// DNSLink stand-in: a DNS-over-HTTPS JSON resolver that knows one name
let target = ''
const dns = createServer((req, res) => {
  const name = new URL(req.url ?? '/', 'http://x').searchParams.get('name') ?? ''
  const answer = name.replace(/\.$/, '') === '_dnslink.docs.example.test' ? [{ name, type: 16, TTL: 1, data: `"dnslink=/ipfs/${target}"` }] : []
  res.writeHead(200, { 'content-type': 'application/dns-json' }).end(JSON.stringify({ Status: answer.length > 0 ? 0 : 3, TC: false, RD: true, RA: true, AD: false, CD: false, Question: [{ name, type: 16 }], Answer: answer }))
})
await new Promise<void>(resolve => dns.listen(0, '127.0.0.1', () => resolve()))
const address = dns.address()
const resolver = `http://127.0.0.1:${typeof address === 'object' && address != null ? address.port : 0}/dns-query`
const serve = spawn(process.execPath, [MAIN, 'serve', '--gateway-listen', '127.0.0.1:0'], { cwd: ROOT, env: { ...process.env, ...CLEAN, QUARRY_HOME: publisher }, stdio: ['ignore', 'pipe', 'inherit'] })
try {
  console.log('publisher:')
  target = (await quarry(publisher, ['corpus', 'add', folder, '--name', 'docs'])).trim()
  const gateway = await new Promise<string>((resolve, reject) => {
    let out = ''
    serve.stdout.on('data', d => { out += String(d); const m = /^gateway (\S+)$/m.exec(out); if (m?.[1] != null && /^ready/m.test(out)) resolve(m[1]) })
    serve.once('exit', code => reject(new Error(`quarry serve exited with ${String(code)}`)))
  })
  const net = { QUARRY_GATEWAYS: gateway, QUARRY_DNS_RESOLVERS: resolver }
  console.log('reader:')
  await quarry(reader, ['corpus', 'fetch', '/ipns/docs.example.test', '--name', 'docs'], net)
  await quarry(reader, ['index', 'build', 'docs'], net)

  const files = await markdown(folder)
  const pick = (i: number): string => files[i] ?? (() => { throw new Error(`the corpus has fewer than ${i + 1} markdown files`) })()
  const [edit1, edit2, removed] = [pick(3), pick(7), pick(11)]
  await writeFile(join(folder, edit1), (await readFile(join(folder, edit1), 'utf8')) + '\n\nA paragraph added in the new version of this page, about proofs and deals.\n')
  await writeFile(join(folder, edit2), (await readFile(join(folder, edit2), 'utf8')).replace(/Filecoin/, 'The Filecoin network'))
  await rm(join(folder, removed))
  await writeFile(join(folder, 'new-page-one.md'), '# New page one\n\nStorage providers seal sectors and prove them with WindowPoSt every 24 hours.\n')
  await writeFile(join(folder, 'new-page-two.md'), '# New page two\n\nRetrieval providers serve pieces over HTTP at /piece/{pieceCid}.\n')
  console.log(`publisher (edited ${edit1} and ${edit2}, removed ${removed}, added 2 pages):`)
  target = (await quarry(publisher, ['corpus', 'add', folder, '--name', 'docs'])).trim()
  console.log('reader:')
  const report = JSON.parse(await quarry(reader, ['corpus', 'update', 'docs', '--json'], net)) as { from: string, to: string, added: Array<{ path: string, cid: string }>, removed: Array<{ path: string, cid: string }>, changed: Array<{ path: string, from: string, to: string }>, unchanged: number, index?: { cid: string, chunks: number, embeddingsReused: number, computed: number } }
  for (const f of report.added) console.log(`    added    ${f.path}  ${f.cid}`)
  for (const f of report.removed) console.log(`    removed  ${f.path}  ${f.cid}`)
  for (const f of report.changed) console.log(`    changed  ${f.path}  ${f.from} → ${f.to}`)
  console.log(`  ${report.from} → ${report.to}: ${report.added.length} added, ${report.removed.length} removed, ${report.changed.length} changed, ${report.unchanged} unchanged`)
  console.log(`  rebuilt index ${report.index?.cid ?? '-'}: ${report.index?.chunks ?? 0} chunks, ${report.index?.embeddingsReused ?? 0} embeddings reused by chunk CID, ${report.index?.computed ?? 0} computed`)
  console.log(`load average ${loadavg().map(l => l.toFixed(2)).join(' ')}`)
} finally {
  serve.kill('SIGTERM')
  dns.close()
  await rm(work, { recursive: true, force: true })
}

import { Command } from 'commander'
import { createPinningServiceClient, type PinningServiceClient, type RemotePinStatus, type RemotePinStatusName, ALL_PIN_STATUSES } from '../corpora/index.js'
import { cliSettings, collect, withNode, type GlobalOptions } from './context.js'
import { printJson, table } from './format.js'

interface ServiceFlags {
  service?: string
  token?: string
  json?: boolean
}

/** The client for `--service`/`--token`, else the settings' `QUARRY_PIN_SERVICE`/`QUARRY_PIN_TOKEN` */
export function pinServiceFrom (flags: ServiceFlags, global: GlobalOptions): PinningServiceClient {
  const settings = cliSettings(global, { ...(flags.service != null ? { pinService: flags.service } : {}), ...(flags.token != null ? { pinToken: flags.token } : {}) })
  if (settings.pinService == null) throw new Error('--service <url> is required (or set QUARRY_PIN_SERVICE): the Pinning Service API endpoint')
  if ((settings.pinToken ?? '').trim() === '') throw new Error('A pinning service needs an access token: pass --token <token> or set QUARRY_PIN_TOKEN')
  return createPinningServiceClient({ endpoint: settings.pinService, token: settings.pinToken ?? '' })
}

function rows (results: RemotePinStatus[]): string {
  return table(['REQUEST ID', 'STATUS', 'CID', 'NAME', 'KIND', 'CREATED'],
    results.map(r => [r.requestid, r.status, r.pin.cid, r.pin.name ?? '', r.pin.meta?.['quarry:kind'] ?? '', r.created]))
}

function parseStatuses (value: string | undefined): RemotePinStatusName[] | undefined {
  if (value == null) return undefined
  const list = value.split(',').map(s => s.trim()).filter(s => s !== '')
  for (const s of list) if (!ALL_PIN_STATUSES.includes(s as RemotePinStatusName)) throw new Error(`--status must be a comma-separated list of ${ALL_PIN_STATUSES.join(', ')}, got "${s}"`)
  return list as RemotePinStatusName[]
}

/** `quarry pin remote add|ls|rm`: pin corpora and indexes on a remote service (IPFS Pinning Service API) */
export function pinCommand (): Command {
  const pin = new Command('pin').description('pin corpora and indexes elsewhere')
  const remote = new Command('remote').description('remote pinning services (IPFS Pinning Service API)')
  pin.addCommand(remote)
  const withService = (c: Command): Command => c
    .option('--service <url>', 'Pinning Service API endpoint (default: $QUARRY_PIN_SERVICE)')
    .option('--token <token>', 'access token (default: $QUARRY_PIN_TOKEN)')
    .option('--json', 'print JSON')

  withService(remote.command('add')
    .description('ask the service to pin a corpus or an index (and keep it fetchable from --origin)')
    .argument('<ref>', 'corpus name or CID, or index CID')
    .option('--index', 'pin the newest index of the corpus instead of the corpus')
    .option('--name <name>', 'pin name (default: the corpus name, or "<corpus> index")')
    .option('--origin <multiaddr>', 'a node holding the blocks, e.g. the address `quarry serve` prints (repeatable)', collect)
    .option('--wait <seconds>', 'wait until the pin is pinned (or failed)'))
    .action(async (ref: string, opts: ServiceFlags & { index?: boolean, name?: string, origin?: string[], wait?: string }, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      const client = pinServiceFrom(opts, g)
      const waitS = opts.wait != null ? Number(opts.wait) : undefined
      if (waitS != null && (!Number.isFinite(waitS) || waitS <= 0)) throw new Error(`--wait must be a positive number of seconds, got "${opts.wait ?? ''}"`)
      const target = await withNode(g, async ({ corpora, indexes }) => {
        const registered = (await indexes.list()).find(e => e.cid === ref)
        if (registered != null && opts.index !== true) return { cid: registered.cid, kind: 'index', name: `${registered.corpusName ?? registered.corpusCid} index` }
        if (opts.index === true) {
          const cid = await indexes.find(ref)
          if (cid == null) throw new Error(`No index for "${ref}": build one with \`quarry index build ${ref}\``)
          return { cid: cid.toString(), kind: 'index', name: `${ref} index` }
        }
        const { cid, entry } = await corpora.resolve(ref)
        return { cid: cid.toString(), kind: 'corpus', name: entry?.name ?? cid.toString() }
      })
      let status = await client.add({
        cid: target.cid,
        name: opts.name ?? target.name,
        ...(opts.origin != null ? { origins: opts.origin } : {}),
        meta: { app: 'quarry', 'quarry:kind': target.kind }
      })
      const deadline = Date.now() + (waitS ?? 0) * 1000
      while (waitS != null && (status.status === 'queued' || status.status === 'pinning') && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 500))
        status = await client.get(status.requestid)
      }
      if (opts.json === true) printJson(status)
      else {
        process.stdout.write(`${status.requestid}\n`)
        process.stderr.write(`${target.kind} ${target.cid}: ${status.status} on ${client.endpoint}${status.delegates.length > 0 ? ` (delegates: ${status.delegates.join(' ')})` : ''}\n`)
      }
      if (status.status === 'failed' || (waitS != null && status.status !== 'pinned')) process.exitCode = 1
    })

  withService(remote.command('ls')
    .description('list pin requests on the service (every status unless --status)')
    .option('--cid <cid>', 'only these CIDs (repeatable)', collect)
    .option('--name <name>', 'only this name')
    .option('--status <list>', 'comma-separated: queued,pinning,pinned,failed'))
    .action(async (opts: ServiceFlags & { cid?: string[], name?: string, status?: string }, command: Command) => {
      const client = pinServiceFrom(opts, command.optsWithGlobals<GlobalOptions>())
      const status = parseStatuses(opts.status)
      const res = await client.ls({ ...(opts.cid != null ? { cid: opts.cid } : {}), ...(opts.name != null ? { name: opts.name } : {}), ...(status != null ? { status } : {}) })
      if (opts.json === true) return printJson(res)
      process.stdout.write(res.results.length === 0 ? 'no pin requests\n' : rows(res.results) + '\n')
    })

  withService(remote.command('rm')
    .description('remove pin requests: by request id, or every request for a CID')
    .argument('<id>', 'request id or CID'))
    .action(async (id: string, opts: ServiceFlags, command: Command) => {
      const client = pinServiceFrom(opts, command.optsWithGlobals<GlobalOptions>())
      const byCid = await client.ls({ cid: [id] }).catch(() => ({ count: 0, results: [] as RemotePinStatus[] }))
      const ids = byCid.results.length > 0 ? byCid.results.map(r => r.requestid) : [id]
      for (const requestid of ids) await client.rm(requestid)
      if (opts.json === true) return printJson({ removed: ids })
      for (const requestid of ids) process.stdout.write(`${requestid}\n`)
      process.stderr.write(`removed ${ids.length} pin request${ids.length === 1 ? '' : 's'}\n`)
    })
  return pin
}

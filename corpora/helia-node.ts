import './polyfills.js'
import { mkdir } from 'node:fs/promises'
import type { UnixFS } from '@helia/unixfs'
import type { Helia } from 'helia'
import { isNetworked, parseNetworkOptions, type NetworkOptions, type ParsedNetworkOptions } from './network-options.js'
import { quarryHome, type QuarryHome } from './quarry-home.js'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** Options for {@link createQuarryNode} */
export interface QuarryNodeOptions {
  /** Quarry home folder. @default `~/.quarry` (sessions pass their resolved settings' home) */
  home?: string
  /** Network settings. @default offline (no libp2p, no gateways) */
  network?: NetworkOptions
}

/** A running local Helia node with Quarry's storage layout */
export interface QuarryNode {
  helia: Helia
  fs: UnixFS
  home: QuarryHome
  /** True when the node may fetch blocks from peers or gateways */
  online: boolean
  /** The network settings it runs with (validated) */
  network: ParsedNetworkOptions
  /** The libp2p node, when listening or dialling peers */
  libp2p?: Libp2p
  /** Addresses other nodes can dial (empty when not listening) */
  multiaddrs(): Multiaddr[]
  /**
   * Close the connections to the peers the node was told to use
   * (`network.peers`) and dial them again: a fresh connection carries the
   * whole want-list again, where a stream reset on the old one may have lost
   * it. Nothing to do without such peers.
   */
  reconnect(): Promise<void>
  /**
   * How the peers the node was told to use stand, one phrase each, for an
   * error that says why a fetch got nothing: "connected, speaks bitswap",
   * "connected, bitswap not seen (identify failed or pending)", "not connected"
   */
  peerStates(): Promise<string[]>
  /** Stop the node and close its stores */
  stop(): Promise<void>
}

/** How long identify may take on a new connection (libp2p's default is 5 s) */
const IDENTIFY_TIMEOUT_MS = 30_000

/** A router that knows nothing, so an offline node never waits on routing */
const offlineRouter = {
  name: 'quarry-offline-router',
  async * findProviders () {},
  async provide () {},
  async cancelReprovide () {}
}

type CreateHeliaLight = (init: { blockstore: unknown, datastore: unknown, routers: unknown[], codecs?: unknown[] }) => Helia

/**
 * `createHeliaLight` without loading the whole of `helia`: its entry point
 * imports bitswap, libp2p and the HTTP broker at the top (~1,000 modules, 2–3 s
 * of start-up on a busy 2-core machine) even though the light node uses none
 * of them. Its node class sits in `helia.js` beside that entry point; when
 * that file cannot be loaded (another Helia layout), the entry point is used.
 */
async function loadCreateHeliaLight (): Promise<CreateHeliaLight> {
  try {
    const entry = import.meta.resolve('helia')
    const [{ Helia: HeliaClass }, { name, version }] = await Promise.all([
      import(new URL('./helia.js', entry).href) as Promise<{ Helia: new (init: object) => Helia }>,
      import(new URL('./version.js', entry).href) as Promise<{ name: string, version: string }>
    ])
    if (typeof HeliaClass !== 'function') throw new TypeError('no Helia class')
    return (init) => new HeliaClass({ name, version, ...init })
  } catch {
    const { createHeliaLight } = await import('helia')
    return createHeliaLight as unknown as CreateHeliaLight
  }
}

/** The provider protocols and address kinds Quarry can fetch from (IPIP-484 filters sent to routing endpoints) */
const ROUTED_PROTOCOLS = ['transport-bitswap', 'transport-ipfs-gateway-http', 'unknown']
const ROUTED_ADDRS = ['https', 'http', 'tcp']

/**
 * Add Delegated Routing V1 HTTP endpoints as Helia routers and the trustless
 * gateway block broker, so the node finds providers of a CID itself and
 * fetches from those offering `transport-ipfs-gateway-http` (bitswap
 * providers are dialled by the bitswap broker the caller adds). Providers on
 * plain HTTP or private addresses are accepted: the routing endpoint was
 * chosen by the user, and every block is hashed against its CID anyway.
 */
async function withRouting (helia: Helia, routers: URL[]): Promise<Helia> {
  const [{ delegatedHTTPRouter }, { trustlessGatewayBlockBroker }] = await Promise.all([
    import('@helia/delegated-routing-client'), import('@helia/trustless-gateway-client')
  ])
  for (const url of routers) {
    helia.addRouter(delegatedHTTPRouter({ url, filterProtocols: ROUTED_PROTOCOLS, filterAddrs: ROUTED_ADDRS }))
  }
  if (!helia.hasBlockBroker('trustless-gateway')) {
    helia.addBlockBroker(trustlessGatewayBlockBroker({ allowInsecure: true, allowLocal: true }))
  }
  return helia
}

/**
 * Create and start a Helia node that stores blocks and pins under the Quarry
 * home. Offline by default: it never dials bootstrap peers, public routers or
 * public gateways. Network mode is opt-in through `network`.
 */
export async function createQuarryNode (options: QuarryNodeOptions = {}): Promise<QuarryNode> {
  const home = quarryHome(options.home)
  const network = parseNetworkOptions(options.network)
  await mkdir(home.blocks, { recursive: true })
  await mkdir(home.datastore, { recursive: true })
  // Helia and its stores load when a node starts, not when this module does: `quarry --help` stays fast
  const [createHeliaLight, { unixfs }, { FsBlockstore }, { FsDatastore }, dagJson] = await Promise.all([
    loadCreateHeliaLight(), import('@helia/unixfs'), import('blockstore-fs'), import('datastore-fs'), import('@ipld/dag-json')
  ])
  const blockstore = new FsBlockstore(home.blocks)
  const datastore = new FsDatastore(home.datastore)
  await blockstore.open()
  await datastore.open()

  // dag-json: derivation DAGs (corpora/ocr) are pinned beside the UnixFS corpora
  let helia: Helia = createHeliaLight({ blockstore, datastore, routers: [offlineRouter], codecs: [dagJson] })
  const online = isNetworked(network)
  // routed providers may offer bitswap (dialled over TCP), so routing brings libp2p too
  const useLibp2p = network.listen.length > 0 || network.peers.length > 0 || network.routers.length > 0
  // networking code is loaded only in network mode, so offline commands start fast
  if (network.gateways.length > 0) {
    const { withHTTP } = await import('@helia/http')
    helia = withHTTP(helia, {
      delegatedRouters: [],
      recursiveGateways: network.gateways.map(u => u.toString().replace(/\/$/, '')),
      allowInsecure: true,
      allowLocal: true
    })
  }
  if (network.routers.length > 0) helia = await withRouting(helia, network.routers)
  if (useLibp2p) {
    const [{ withBitswap }, { withLibp2pLight }, { identify }, { noise }, { tcp }, { yamux }] = await Promise.all([
      import('@helia/bitswap'), import('@helia/libp2p'), import('@libp2p/identify'), import('@libp2p/noise'), import('@libp2p/tcp'), import('@libp2p/yamux')
    ])
    helia = withBitswap(withLibp2pLight(helia, {
      addresses: { listen: network.listen.map(ma => ma.toString()) },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      peerDiscovery: [],
      // identify tells bitswap which peers speak it; a failed identify (its default 5 s is short on a busy
      // machine) leaves a connected peer that is never sent a want (a stall then reconnects, see fetchCorpus)
      services: { identify: identify({ timeout: IDENTIFY_TIMEOUT_MS }) }
    }))
  }
  await helia.start()
  let stopping = false
  const libp2p = useLibp2p ? (helia as Helia & { libp2p: Libp2p }).libp2p : undefined
  // the peers we were told to use, by peer id
  const given = new Map(network.peers.map(ma => [ma.getComponents().find(c => c.name === 'p2p')?.value ?? '', ma]))
  const connected = (id: string): PeerId | undefined => libp2p?.getPeers().find(p => p.toString() === id)
  if (libp2p != null) {
    await Promise.all(network.peers.map(async peer => libp2p.dial(peer)))
    // there is no routing to find providers again: keep the peers we were told to use connected
    libp2p.addEventListener('peer:disconnect', (evt) => {
      const ma = given.get(evt.detail.toString())
      if (ma != null && !stopping) redial(libp2p, ma, () => stopping)
    })
  }

  return {
    helia,
    fs: unixfs(helia),
    home,
    online,
    network,
    libp2p,
    multiaddrs: () => libp2p?.getMultiaddrs() ?? [],
    async peerStates () {
      if (libp2p == null) return []
      return Promise.all([...given].map(async ([id, ma]) => {
        const peer = connected(id)
        if (peer == null) return `${ma.toString()} not connected`
        const protocols = await libp2p.peerStore.get(peer).then(p => p.protocols, () => [])
        return `${ma.toString()} connected, ${protocols.some(p => p.startsWith('/ipfs/bitswap/')) ? 'speaks bitswap' : 'bitswap not seen (identify failed or pending)'}`
      }))
    },
    async reconnect () {
      if (libp2p == null || stopping) return
      await Promise.all([...given].map(async ([id, ma]) => {
        const peer = connected(id)
        // hanging up fires peer:disconnect, which dials again
        if (peer != null) await libp2p.hangUp(peer)
        else redial(libp2p, ma, () => stopping)
      }))
    },
    async stop () {
      stopping = true
      await helia.stop()
      await blockstore.close()
      await datastore.close()
    }
  }
}

/** Redials a peer we were told to use: at 0.25 s, then doubling, 6 tries, until one connects or the node stops */
function redial (libp2p: Libp2p, ma: Multiaddr, stopping: () => boolean, attempt = 0): void {
  setTimeout(() => {
    if (stopping()) return
    libp2p.dial(ma).catch(() => { if (attempt < 5) redial(libp2p, ma, stopping, attempt + 1) })
  }, 250 * 2 ** attempt).unref()
}

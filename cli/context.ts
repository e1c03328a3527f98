import { createCorpusStore, type CorpusStore } from '../corpora/corpus-store.js'
import { createQuarryNode, type QuarryNode } from '../corpora/helia-node.js'
import { networkOptionsFromEnv, type NetworkOptions } from '../corpora/network-options.js'
import { createIndexStore, type IndexStore } from '../indexes/index-store.js'

/** Global CLI options shared by every command */
export interface GlobalOptions {
  home?: string
  listen?: string[]
  peer?: string[]
  gateway?: string[]
  json?: boolean
}

/** What a command gets to work with */
export interface CliContext {
  node: QuarryNode
  corpora: CorpusStore
  indexes: IndexStore
}

/** Merge flags over `.env`/environment network settings */
export function networkFrom (opts: GlobalOptions, env = process.env): NetworkOptions {
  const fromEnv = networkOptionsFromEnv(env)
  return {
    listen: opts.listen?.length ? opts.listen : fromEnv.listen,
    peers: opts.peer?.length ? opts.peer : fromEnv.peers,
    gateways: opts.gateway?.length ? opts.gateway : fromEnv.gateways
  }
}

/** Start a node for one command, run it, and always stop the node */
export async function withNode<T> (opts: GlobalOptions, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const node = await createQuarryNode({ home: opts.home, network: networkFrom(opts) })
  try {
    const corpora = createCorpusStore(node)
    return await fn({ node, corpora, indexes: createIndexStore(node, corpora) })
  } finally {
    await node.stop()
  }
}

/** Commander collector for repeatable flags */
export function collect (value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** Parse a positive integer flag, naming the flag when it is not one */
export function positiveInt (flag: string, value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer, got "${value}"`)
  return n
}

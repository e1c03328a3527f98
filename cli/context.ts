import { networkOptionsFromEnv, type NetworkOptions } from '../corpora/index.js'
import { openQuarrySession, type QuarrySession } from '../session/index.js'

/** Global CLI options shared by every command */
export interface GlobalOptions {
  home?: string
  listen?: string[]
  peer?: string[]
  gateway?: string[]
}

/** What a command gets to work with */
export type CliContext = QuarrySession

/** Merge flags over `.env`/environment network settings */
export function networkFrom (opts: GlobalOptions, env = process.env): NetworkOptions {
  const fromEnv = networkOptionsFromEnv(env)
  return {
    listen: opts.listen?.length ? opts.listen : fromEnv.listen,
    peers: opts.peer?.length ? opts.peer : fromEnv.peers,
    gateways: opts.gateway?.length ? opts.gateway : fromEnv.gateways
  }
}

/** Open a session for one command, run it, and always close the session */
export async function withNode<T> (opts: GlobalOptions, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const session = await openQuarrySession({ home: opts.home, network: networkFrom(opts) })
  try {
    return await fn(session)
  } finally {
    await session.close()
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

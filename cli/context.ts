import { join } from 'node:path'
import { openQuarrySession, resolveSettings, type QuarrySession, type QuarrySettings, type SettingsFlags } from '../session/index.js'
import { onInterrupt } from './interrupt.js'

/** Global CLI options shared by every command */
export interface GlobalOptions {
  home?: string
  listen?: string[]
  peer?: string[]
  gateway?: string[]
  routing?: string[]
}

/** What a command gets to work with */
export type CliContext = QuarrySession

/** The `.env` the CLI reads under the environment: the one in the folder `quarry` runs in (library callers read none unless they name one) */
export function cliEnvFile (): string {
  return join(process.cwd(), '.env')
}

/**
 * The settings for one command, resolved once: its flags, then the
 * environment, then `./.env` ({@link cliEnvFile}), then the defaults.
 */
export function cliSettings (global: GlobalOptions, flags: Omit<SettingsFlags, 'home' | 'listen' | 'peers' | 'gateways' | 'routers'> = {}): QuarrySettings {
  return resolveSettings({
    ...flags,
    ...(global.home != null ? { home: global.home } : {}),
    ...(global.listen != null ? { listen: global.listen } : {}),
    ...(global.peer != null ? { peers: global.peer } : {}),
    ...(global.gateway != null ? { gateways: global.gateway } : {}),
    ...(global.routing != null ? { routers: global.routing } : {})
  }, { envFile: cliEnvFile() })
}

/**
 * Open a session for one command (with its resolved settings), run it, and
 * always close the session. `signal` aborts at the first Ctrl-C (see
 * {@link onInterrupt}) unless `interrupt` is false (the chat REPL handles
 * Ctrl-C itself).
 */
export async function withNode<T> (global: GlobalOptions, fn: (ctx: CliContext, signal: AbortSignal) => Promise<T>, settings: QuarrySettings = cliSettings(global), options: { interrupt?: boolean } = {}): Promise<T> {
  const interrupt = options.interrupt === false ? { signal: new AbortController().signal, dispose () {} } : onInterrupt()
  try {
    const session = await openQuarrySession({ settings, onWarning: (m) => { process.stderr.write(`warning: ${m}\n`) } })
    try {
      return await fn(session, interrupt.signal)
    } finally {
      await session.close()
    }
  } finally {
    interrupt.dispose()
  }
}

/** Commander collector for repeatable flags */
export function collect (value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** Parse `--timeout <seconds>` into milliseconds, naming the flag when it is not a positive number */
export function timeoutMs (value: string): number {
  const s = Number(value)
  if (!Number.isFinite(s) || s <= 0) throw new Error(`--timeout must be a positive number of seconds, got "${value}"`)
  return s * 1000
}

/** Parse a flag that is a share from 0 to 1, naming the flag when it is not one */
export function unitShare (flag: string, value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new Error(`${flag} must be a number from 0 to 1, got "${value}"`)
  return n
}

/** Parse a positive integer flag, naming the flag when it is not one */
export function positiveInt (flag: string, value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer, got "${value}"`)
  return n
}

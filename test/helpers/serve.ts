import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './shared.js'

/** A running `quarry serve` child process */
export interface ServeProcess {
  child: ChildProcess
  /** libp2p addresses it printed (each ends in /p2p/<peer id>) */
  multiaddrs: string[]
  /** Trustless gateway base URL it printed, if any */
  gateway?: string
  /** MCP endpoint URL it printed, if any */
  mcp?: string
  stdout(): string
  stderr(): string
  /** Send a signal and wait for the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * Start the built CLI's `quarry serve` on a home and wait until it prints
 * `ready`, collecting the addresses it announces.
 */
export async function startServe (home: string, args: string[] = [], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, QUARRY_HOME: home, QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_ROUTING: '', QUARRY_LISTEN: '', QUARRY_MCP_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stderr.on('data', d => { err += String(d) })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`quarry serve did not get ready in 60s: ${err}`)), 60_000)
    child.stdout.on('data', d => {
      out += String(d)
      if (/^ready/m.test(out)) {
        clearTimeout(timer)
        resolve()
      }
    })
    void exited.then(code => {
      clearTimeout(timer)
      reject(new Error(`quarry serve exited with ${String(code)}: ${err}`))
    })
  })
  const lines = out.split('\n')
  const field = (name: string): string[] => lines.filter(l => l.startsWith(`${name} `)).map(l => l.slice(name.length + 1).trim())
  return {
    child,
    multiaddrs: field('listen'),
    gateway: field('gateway')[0],
    mcp: field('mcp')[0],
    stdout: () => out,
    stderr: () => err,
    async stop (signal = 'SIGTERM') {
      if (child.exitCode == null) child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      try {
        return await exited
      } finally {
        clearTimeout(timer)
      }
    }
  }
}

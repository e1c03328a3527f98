/**
 * A throwaway Postgres server for a benchmark: initdb in a temp folder, started
 * with pg_ctl on 127.0.0.1 (as the `postgres` user when run as root: the server
 * refuses root), stopped and deleted by `stop()`. Debian's `postgresql`
 * package provides the binaries (`apt-get install -y postgresql`).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A running server */
export interface PostgresServer {
  url: string
  version: string
  stop(): void
}

function binDir (): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter(v => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : []
  if (versions[0] === undefined) throw new Error('no Postgres server binaries under /usr/lib/postgresql: apt-get install -y postgresql')
  return join(root, versions[0], 'bin')
}

async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => typeof a === 'object' && a !== null ? resolve(a.port) : reject(new Error('no port'))) })
  })
}

/**
 * Start a server. `settings` go to `postgres -c` (e.g. `shared_buffers=1GB`).
 * Defaults: `wal_level=minimal` (a table created and filled in one transaction
 * skips the WAL), fsync on.
 */
export async function startPostgresServer (settings: Record<string, string> = {}): Promise<PostgresServer> {
  const bin = binDir()
  const dir = mkdtempSync(join(tmpdir(), 'quarry-pg-'))
  const root = process.getuid?.() === 0
  const run = (cmd: string, args: string[]): string => execFileSync(root ? 'runuser' : join(bin, cmd), root ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (root) execFileSync('chown', ['postgres:postgres', dir])
  const data = join(dir, 'data')
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C'])
  const port = await freePort()
  const options = { listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: dir, wal_level: 'minimal', max_wal_senders: '0', max_wal_size: '8GB', ...settings }
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '120', '-o', Object.entries(options).map(([k, v]) => `-c ${k}=${v}`).join(' '), 'start'])
  const version = run('postgres', ['--version']).trim()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    stop () {
      try { run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']) } finally { rmSync(dir, { recursive: true, force: true }) }
    }
  }
}

import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './shared.js'

/** Result of one CLI run */
export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Run the built `quarry` CLI (dist/cli/main.js) with a given home (in the repository root unless `cwd`) */
export async function runCli (args: string[], options: { home: string, env?: Record<string, string>, timeoutMs?: number, input?: string, cwd?: string } = { home: '' }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, QUARRY_HOME: options.home, QUARRY_PEERS: '', QUARRY_GATEWAYS: '', QUARRY_ROUTING: '', QUARRY_LISTEN: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => { stdout += String(d) })
    child.stderr.on('data', d => { stderr += String(d) })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(options.input ?? '')
  })
}

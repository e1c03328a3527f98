#!/usr/bin/env node
import '../corpora/index.js'
import { cliEnvFile } from './context.js'
import { formatCliError } from './hints.js'
import { createProgram } from './program.js'
import { resolveSettings } from '../session/index.js'

try {
  await createProgram().parseAsync(process.argv)
} catch (err) {
  process.stderr.write(`${formatCliError(err)}\n`)
  if (debug()) process.stderr.write(`${(err as Error).stack ?? ''}\n`)
  process.exitCode = (err as Error).name === 'InterruptedError' ? 130 : (err as { exitCode?: number }).exitCode ?? 1
}
// native and wasm runtimes (tfjs, onnxruntime, libp2p sockets) can keep the loop alive
process.stdout.write('', () => process.exit())

function debug (): boolean {
  try {
    return resolveSettings({}, { envFile: cliEnvFile() }).debug
  } catch {
    return false
  }
}

#!/usr/bin/env node
import '../corpora/index.js'
import { createProgram } from './program.js'

try {
  await createProgram().parseAsync(process.argv)
} catch (err) {
  const e = err as Error & { code?: string }
  process.stderr.write(`Error${e.name && e.name !== 'Error' ? ` (${e.name})` : ''}: ${e.message}\n`)
  if (process.env.QUARRY_DEBUG != null) process.stderr.write(`${e.stack ?? ''}\n`)
  process.exitCode = 1
}
// native and wasm runtimes (tfjs, onnxruntime, libp2p sockets) can keep the loop alive
process.stdout.write('', () => process.exit())

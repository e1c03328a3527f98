/**
 * Bundle the CLI's own modules into `dist/cli/main.js` (run by `npm run build`
 * after `tsc`). Every call of `quarry` resolves, reads and links each ES
 * module it imports; Quarry's ~140 small files were a third of the start-up of
 * a search on a built index. The bundle holds only Quarry's code: packages stay
 * imports of `node_modules` (one copy of each, shared with the library API),
 * and each lazy `import()` of a command's heavy part becomes its own chunk
 * under `dist/cli/chunks/`, still loaded only when that command runs.
 *
 *   node --import tsx scripts/bundle-cli.ts
 *
 * The rest of `dist/` (the library entry points and their types) is tsc's
 * output, untouched.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'

const ROOT = join(import.meta.dirname, '..')
const OUT = join(ROOT, 'dist/cli')

// chunks of an earlier build have other hashes: start clean so none is left behind
await rm(join(OUT, 'chunks'), { recursive: true, force: true })
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'cli/main.ts' },
  outdir: OUT,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // packages are imported from node_modules as they are (native addons, wasm, workers and their own lazy loads)
  packages: 'external',
  sourcemap: 'linked',
  allowOverwrite: true,
  metafile: true,
  logLevel: 'warning'
})
const files = Object.keys(result.metafile.outputs).filter(f => f.endsWith('.js'))
const inputs = Object.keys(result.metafile.inputs).length
console.error(`bundle-cli: ${inputs} modules into ${files.length} files under dist/cli`)

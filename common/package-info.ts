import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The Quarry package root (where `package.json` and `data/` live), from source or from `dist/` */
export const QUARRY_PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir
    dir = resolve(dir, '..')
  }
  return dir
})()

/** Quarry's version, as `package.json` states it (recorded in index manifests, reported by the CLI and MCP server) */
export const QUARRY_VERSION: string = (JSON.parse(readFileSync(join(QUARRY_PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version

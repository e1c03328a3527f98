import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './helpers/cli.js'
import { useTempDir, writeFolder } from './helpers/temp-dir.js'

describe('the CLI reads ./.env (library callers do not: session/settings.test.ts)', () => {
  const tmp = useTempDir('quarry-env-file-')

  it('takes QUARRY_CORPUS from the .env of the folder it runs in, under the environment', async () => {
    const app = await writeFolder(join(tmp.dir, 'app'), { '.env': 'QUARRY_CORPUS=corpus-from-dotenv\n' })
    const home = join(tmp.dir, 'home')
    const fromFile = await runCli(['search', 'anything'], { home, cwd: app })
    expect(fromFile.code).toBe(1)
    expect(fromFile.stderr).toContain('corpus-from-dotenv')
    const fromEnv = await runCli(['search', 'anything'], { home, cwd: app, env: { QUARRY_CORPUS: 'corpus-from-env' } })
    expect(fromEnv.stderr).toContain('corpus-from-env')
    expect(fromEnv.stderr).not.toContain('corpus-from-dotenv')
  })
})

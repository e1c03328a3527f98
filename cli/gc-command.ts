import { Command } from 'commander'
import { withNode, type GlobalOptions } from './context.js'

/** `quarry gc`: delete every block that no pin keeps (left by removed corpora/indexes, failed imports or fetches) */
export function gcCommand (): Command {
  return new Command('gc')
    .description('delete blocks no corpus or index pins (after `corpus rm`, `index rm`, or a failed import or fetch); run it while no other quarry command writes to the home')
    .action(async (_opts: unknown, command: Command) => {
      const g = command.optsWithGlobals<GlobalOptions>()
      await withNode(g, async ({ node }) => {
        let removed = 0
        let errors = 0
        const { helia } = await node.start()
        await helia.gc({
          onProgress: (e: { type: string, detail: unknown }) => {
            if (e.type === 'helia:gc:deleted') removed++
            else if (e.type === 'helia:gc:error') errors++
          }
        } as any)
        process.stdout.write(`removed ${removed} unpinned blocks${errors > 0 ? ` (${errors} errors)` : ''}\n`)
        if (errors > 0) process.exitCode = 1
      })
    })
}

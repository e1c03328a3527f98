import { Command } from 'commander'
import { QUARRY_VERSION } from '../common/index.js'
import { collect } from './context.js'
import { corpusCommand } from './corpus-command.js'
import { indexCommand } from './index-command.js'
import { searchCommand } from './search-command.js'
import { askCommand } from './ask-command.js'
import { chatCommand } from './chat-command.js'
import { verifyCommand } from './verify-command.js'
import { gcCommand } from './gc-command.js'
import { evalCommand } from './eval-command.js'
import { mcpCommand } from './mcp-command.js'
import { serveCommand } from './serve-command.js'
import { pinCommand } from './pin-command.js'

/** Build the `quarry` command tree (exported for tests) */
export function createProgram (): Command {
  const program = new Command('quarry')
    .description('Ask questions of open corpora on IPFS and get answers whose every citation is a verifiable CID')
    .version(QUARRY_VERSION)
    .option('--home <dir>', 'Quarry home folder (default: $QUARRY_HOME or ~/.quarry); settings also come from ./.env')
    .option('--listen <multiaddr>', 'libp2p listen address (repeatable; enables network mode)', collect)
    .option('--peer <multiaddr>', 'peer to dial for bitswap, ending in /p2p/<id> (repeatable)', collect)
    .option('--gateway <url>', 'trustless gateway URL (repeatable)', collect)
    .option('--routing <url>', 'Delegated Routing V1 HTTP endpoint that finds providers of a CID, e.g. https://delegated-ipfs.dev (repeatable)', collect)
    .showHelpAfterError()
  program.addCommand(corpusCommand())
  program.addCommand(indexCommand())
  program.addCommand(searchCommand())
  program.addCommand(askCommand())
  program.addCommand(chatCommand())
  program.addCommand(verifyCommand())
  program.addCommand(gcCommand())
  program.addCommand(evalCommand())
  program.addCommand(mcpCommand())
  program.addCommand(serveCommand())
  program.addCommand(pinCommand())
  return program
}


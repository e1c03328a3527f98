/**
 * PGlite (Postgres in WASM, with pgvector) on disk behind pglite-socket on
 * 127.0.0.1, in a process of its own, so that a client process's memory is
 * measured without the database in it. Prints `postgres://…` and serves until
 * killed.
 *
 *   node --import tsx bench/store-scale/pglite-server.ts <data folder>
 */
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite/vector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const db = await PGlite.create(process.argv[2] ?? 'memory://', { extensions: { vector } })
const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 8 })
await server.start()
process.stdout.write(`postgres://postgres@${server.getServerConn()}/postgres\n`)
const stop = async (): Promise<void> => { await server.stop(); await db.close(); process.exit(0) }
process.on('SIGTERM', () => { void stop() })
process.on('SIGINT', () => { void stop() })

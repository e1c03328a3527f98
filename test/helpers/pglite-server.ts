import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite/vector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

/** A real Postgres engine for tests: PGlite (Postgres in WASM) with pgvector, in process and behind a loopback socket */
export interface PgliteServer {
  /** The database, for in-process use */
  db: PGlite
  /** `postgres://…` on 127.0.0.1, for the `pg` client and `--store` */
  url: string
  stop: () => Promise<void>
}

/** Start PGlite with pgvector behind pglite-socket on 127.0.0.1 (a free port) */
export async function startPgliteServer (): Promise<PgliteServer> {
  const db = await PGlite.create({ extensions: { vector } })
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 4 })
  await server.start()
  return {
    db,
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    stop: async () => { await server.stop(); await db.close() }
  }
}

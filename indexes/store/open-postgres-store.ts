import { InvalidIndexError } from '../errors.js'
import { createPostgresStore, type PostgresStore } from './postgres-store.js'

/** A Postgres store with its own connection */
export interface ConnectedPostgresStore {
  store: PostgresStore
  /** The URL with any password masked, for messages */
  url: string
  close(): Promise<void>
}

/**
 * Connect to a Postgres server by URL (`postgres://user:password@host:port/db`)
 * with the standard `pg` client and open a {@link PostgresStore} on it. One
 * connection, so the session setting `hnsw.ef_search` holds for every query.
 *
 * @throws {InvalidIndexError} when the URL is not a postgres:// URL
 */
export async function openPostgresStore (url: string): Promise<ConnectedPostgresStore> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (err) {
    throw new InvalidIndexError(`Store "${url}" is not a URL: use postgres://user:password@host:port/database`, { cause: err })
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new InvalidIndexError(`Store "${url}" is not a postgres:// URL (the only store besides the embedded index)`)
  }
  if (parsed.password !== '') parsed.password = '***'
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (err) {
    throw new InvalidIndexError(`Cannot connect to the Postgres store ${parsed.href}: ${(err as Error).message}`, { cause: err })
  }
  client.on('error', () => {})
  const store = createPostgresStore(client)
  await store.init()
  return { store, url: parsed.href, close: async () => client.end() }
}

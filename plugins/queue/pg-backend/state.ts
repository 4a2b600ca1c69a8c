/** What every part of the PostgreSQL backend shares: the pool, the ttl, the reap and token counters, the listeners. */
import type pg from 'pg'

export interface PgBackendState {
  readonly pool: pg.Pool
  /** Finished jobs are pruned this long after they finish (ms). */
  readonly ttl: number
  /** Leases are checked for expiry at most this often (ms). */
  readonly reapEvery: number
  lastReap: number
  tokenSeq: number
  /** `onWork` listeners; the LISTEN connection lives while there is one. */
  readonly listeners: Set<() => void>
  listener: PgListener | undefined
}

/** The pooled connection that LISTENs (undefined while it is being taken from the pool). */
export interface PgListener {
  client: pg.PoolClient | undefined
  /** Set once stopped: a connection that arrives later goes straight back (destroyed). */
  closed: boolean
  /** Stop listening and destroy the connection (set once it is connected). */
  drop?: (err?: Error) => void
}

/** A query client: the pool (one statement, its own transaction) or a client inside a transaction. */
export type Queryable = Pick<pg.PoolClient, 'query'>

/** Run `fn` in one transaction on one pooled client. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect()
  try {
    await c.query('BEGIN')
    const out = await fn(c)
    await c.query('COMMIT')
    return out
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    c.release()
  }
}

/** The `postgres` service: a node-postgres pool opened on first use, migrations under an advisory lock. */
import type pg from 'pg'
import { reasonOf } from '../../core/errors.js'
import { E } from './errors.js'
import { redact, scrubSecrets } from './redact-url.js'
import type { PostgresService } from './types.js'

export function createPostgresService(
  url: string | undefined,
  poolSize: number,
): { service: PostgresService; close: () => Promise<void> } {
  let opened: Promise<pg.Pool> | undefined
  const pool = (): Promise<pg.Pool> => {
    if (!url) return Promise.reject(E.POSTGRES_NOT_CONFIGURED())
    opened ??= openPool(url, poolSize).catch((err) => {
      opened = undefined // a server that comes back later is tried again
      throw err
    })
    return opened
  }
  const transaction: PostgresService['transaction'] = async (fn) => {
    const client = await (await pool()).connect()
    try {
      await client.query('BEGIN')
      const out = await fn(client)
      await client.query('COMMIT')
      return out
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }
  const service: PostgresService = {
    url: url ? redact(url) : undefined,
    pool,
    transaction,
    redact,
    migrate: (module, steps) => migrate(transaction, module, steps),
    async doctor() {
      if (!url) return []
      try {
        const { rows } = await (await pool()).query<{ v: string }>('SHOW server_version')
        return [{ name: 'postgres', ok: true, detail: `${redact(url)}: PostgreSQL ${rows[0]?.v}` }]
      } catch (err) {
        return [{ name: 'postgres', ok: false, detail: scrubSecrets(reasonOf(err), url) }]
      }
    },
  }
  const close = async () => {
    const p = opened
    opened = undefined
    if (p) await (await p.catch(() => undefined))?.end()
  }
  return { service, close }
}

async function openPool(url: string, max: number): Promise<pg.Pool> {
  const { default: pg } = await import('pg')
  // BIGINT columns hold epoch ms and ids: well inside a double, read as numbers
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === 20
        ? (v: string) => Number(v)
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  }
  const pool = new pg.Pool({ connectionString: url, max, allowExitOnIdle: true, types })
  pool.on('error', () => {}) // an idle client's lost connection: the pool replaces it
  try {
    await pool.query('SELECT 1')
  } catch (err) {
    await pool.end().catch(() => {})
    throw E.POSTGRES_UNREACHABLE(
      { url: redact(url), reason: scrubSecrets(reasonOf(err), url) },
      { cause: err, exitCode: 1 },
    )
  }
  return pool
}

async function migrate(
  transaction: PostgresService['transaction'],
  module: string,
  steps: readonly string[],
): Promise<void> {
  await transaction(async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('timmy.migrate.' || $1))`, [module])
    await c.query(
      `CREATE TABLE IF NOT EXISTS timmy_pg_migrations (module TEXT PRIMARY KEY, version INTEGER NOT NULL, applied_at BIGINT NOT NULL)`,
    )
    const { rows } = await c.query<{ version: number }>(
      'SELECT version FROM timmy_pg_migrations WHERE module = $1',
      [module],
    )
    const have = rows[0]?.version ?? 0
    if (have > steps.length) throw E.STORE_TOO_NEW({ module, have, know: steps.length })
    for (let v = have; v < steps.length; v++) {
      try {
        await c.query(steps[v]!)
      } catch (err) {
        throw E.POSTGRES_MIGRATION_FAILED({ module, version: v + 1, reason: reasonOf(err) }, { cause: err })
      }
    }
    if (steps.length > have)
      await c.query(
        `INSERT INTO timmy_pg_migrations (module, version, applied_at) VALUES ($1, $2, $3)
         ON CONFLICT (module) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at`,
        [module, steps.length, Date.now()],
      )
  })
}

export { redact } from './redact-url.js'

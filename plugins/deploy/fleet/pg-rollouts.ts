/** Rollouts on the fleet's PostgreSQL server (`store.url`), through the `postgres` service's one pool. */
import type pg from 'pg'
import type { PostgresService } from '../../postgres/types.js'
import { ROLLOUT_TABLES, SELECT_HOSTS, updateHostSql } from './rollout-sql.js'
import { planAdvance, type Rollout, type RolloutStore, toRollout } from './rollout-store.js'

type Q = Pick<pg.PoolClient, 'query'>

/** `?` → `$1, $2, …` */
const numbered = (sql: string) => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}
const q = async (c: Q, sql: string, params: unknown[] = []) => (await c.query(numbered(sql), params)).rows

export async function openPgRollouts(postgres: PostgresService): Promise<RolloutStore> {
  await postgres.migrate('deploy.fleet', ROLLOUT_TABLES('SERIAL PRIMARY KEY', 'BOOLEAN'))
  const pool = await postgres.pool()
  const read = async (c: Q, id: number, lock = false): Promise<Rollout | undefined> => {
    const [row] = await q(c, `SELECT * FROM fleet_rollouts WHERE id = ?${lock ? ' FOR UPDATE' : ''}`, [id])
    return row && toRollout(row, await q(c, SELECT_HOSTS, [id]))
  }
  return {
    kind: 'postgres',
    create: (r, at) =>
      postgres.transaction(async (c) => {
        const [row] = await q(
          c,
          `INSERT INTO fleet_rollouts (commit_sha, state, serial, stop_on_failure, started_by, created_at)
           VALUES (?, 'running', ?, ?, ?, ?) RETURNING id`,
          [r.commit, r.serial, r.stopOnFailure, r.startedBy, at],
        )
        const id = Number(row!.id)
        for (const [i, h] of r.hosts.entries())
          await q(
            c,
            `INSERT INTO fleet_rollout_hosts (rollout_id, host, position, state) VALUES (?, ?, ?, 'pending')`,
            [id, h, i],
          )
        return id
      }),
    get: (id) => read(pool, id),
    async list(limit) {
      const ids = await q(pool, 'SELECT id FROM fleet_rollouts ORDER BY id DESC LIMIT ?', [limit])
      const out: Rollout[] = []
      for (const r of ids) {
        const one = await read(pool, Number(r.id))
        if (one) out.push(one)
      }
      return out
    },
    async setHost(id, host, patch, at, from) {
      const { sql, params } = updateHostSql(id, host, patch, at, from)
      return ((await pool.query(numbered(sql), params)).rowCount ?? 0) > 0
    },
    advance: (id, at) =>
      postgres.transaction(async (c) => {
        const r = await read(c, id, true)
        if (!r) return []
        const plan = planAdvance(r)
        const mark = async (h: string, state: 'skipped' | 'queued') => {
          const u = updateHostSql(id, h, { state }, at, ['pending'])
          await q(c, u.sql, u.params)
        }
        for (const h of plan.skip) await mark(h, 'skipped')
        for (const h of plan.queue) await mark(h, 'queued')
        if (plan.finish)
          await q(c, 'UPDATE fleet_rollouts SET state = ?, finished_at = ? WHERE id = ?', [
            plan.finish,
            at,
            id,
          ])
        return plan.queue
      }),
    async close() {
      // the pool is the postgres service's
    },
  }
}

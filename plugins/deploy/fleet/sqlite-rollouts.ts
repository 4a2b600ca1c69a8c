/** Rollouts in the host's SQLite store (no `store.url`): the fleet of one TIMMY_HOME. */
import type { Store } from '../../../core/store/store.js'
import { ROLLOUT_TABLES, SELECT_HOSTS, updateHostSql } from './rollout-sql.js'
import { planAdvance, type Rollout, type RolloutStore, toRollout } from './rollout-store.js'

type Row = Record<string, unknown>

export function openSqliteRollouts(store: Store): RolloutStore {
  store.migrate('deploy.fleet', ROLLOUT_TABLES('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER'))
  const { db } = store
  const hostsOf = db.prepare(SELECT_HOSTS)
  const one = db.prepare('SELECT * FROM fleet_rollouts WHERE id = ?')
  const read = (id: number): Rollout | undefined => {
    const row = one.get(id) as Row | undefined
    return row && toRollout(row, hostsOf.all(id) as Row[])
  }
  return {
    kind: 'sqlite',
    async create(r, at) {
      return store.immediate(() => {
        const { lastInsertRowid } = db
          .prepare(
            `INSERT INTO fleet_rollouts (commit_sha, state, serial, stop_on_failure, started_by, created_at)
             VALUES (?, 'running', ?, ?, ?, ?)`,
          )
          .run(r.commit, r.serial, r.stopOnFailure ? 1 : 0, r.startedBy, at)
        const id = Number(lastInsertRowid)
        const add = db.prepare(
          `INSERT INTO fleet_rollout_hosts (rollout_id, host, position, state) VALUES (?, ?, ?, 'pending')`,
        )
        for (const [i, h] of r.hosts.entries()) add.run(id, h, i)
        return id
      })
    },
    get: async (id) => read(id),
    async list(limit) {
      const ids = db.prepare('SELECT id FROM fleet_rollouts ORDER BY id DESC LIMIT ?').all(limit) as {
        id: number
      }[]
      return ids.map((r) => read(r.id)!).filter(Boolean)
    },
    async setHost(id, host, patch, at, from) {
      const { sql, params } = updateHostSql(id, host, patch, at, from)
      return db.prepare(sql).run(...params).changes > 0
    },
    async advance(id, at) {
      return store.immediate(() => {
        const r = read(id)
        if (!r) return []
        const plan = planAdvance(r)
        const mark = (h: string, state: 'skipped' | 'queued') => {
          const u = updateHostSql(id, h, { state }, at, ['pending'])
          db.prepare(u.sql).run(...u.params)
        }
        for (const h of plan.skip) mark(h, 'skipped')
        for (const h of plan.queue) mark(h, 'queued')
        if (plan.finish)
          db.prepare('UPDATE fleet_rollouts SET state = ?, finished_at = ? WHERE id = ?').run(
            plan.finish,
            at,
            id,
          )
        return plan.queue
      })
    },
    async close() {
      // the host closes its store
    },
  }
}

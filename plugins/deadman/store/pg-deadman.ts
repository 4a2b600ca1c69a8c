/**
 * Deadman's tables on PostgreSQL (`store.url`), on the `postgres` service's shared pool: every host of
 * the fleet in one set of tables. A wizard row belongs to the host that runs it (`owner`): only that
 * host's tick decides on it, with the row locked `FOR UPDATE`, so two ticks of one host (serve and a
 * `timmy run-task`) take turns; every host reads every row (one view of every wizard).
 */
import type { PostgresService } from '../../postgres/types.js'
import type { DeadmanStore, DeadmanTx, StuckRunRow } from '../deadman-store.js'
import type { WizardRecord } from '../evaluate-state.js'
import type { TransitionEvent } from '../types.js'
import { PG_MIGRATIONS } from './pg-migrations.js'
import { saveParams } from './save-params.js'
import { type Row, toAction, toRecord } from './to-record.js'

/** One statement on the pool or on a transaction's client. */
type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Row[]; rowCount: number | null }>

export async function openPgDeadman(postgres: PostgresService, owner: string): Promise<DeadmanStore> {
  await postgres.migrate('deadman', PG_MIGRATIONS)
  const pool = await postgres.pool()
  return {
    kind: 'postgres',
    owner,
    ...pgMethods((sql, params) => pool.query(sql, params), owner, false),
    transaction: (fn) =>
      postgres.transaction((client) =>
        fn(pgMethods((sql, params) => client.query(sql, params), owner, true)),
      ),
  }
}

const withOwner = (r: Row): WizardRecord => ({ ...toRecord(r), owner: r.owner as string })

function pgMethods(q: Query, owner: string, inTx: boolean): DeadmanTx {
  const rows = async (sql: string, params: unknown[] = []) => (await q(sql, params)).rows
  const n = async (sql: string, params: unknown[]) => Number((await rows(sql, params))[0]?.n ?? 0)
  return {
    async ensure(names, now) {
      await q(
        `INSERT INTO deadman_wizards (wizard, owner, watch_since, state, state_since, rev)
         SELECT w, $2, $3, 'new', $3, nextval('deadman_rev') FROM unnest($1::text[]) AS w ORDER BY w
         ON CONFLICT (wizard) DO NOTHING`,
        [[...names], owner, now],
      )
    },
    async load(names) {
      const all = (await rows('SELECT * FROM deadman_wizards ORDER BY wizard')).map(withOwner)
      return names ? all.filter((r) => names.has(r.wizard)) : all
    },
    async changedSince(rev) {
      const mine = await rows(
        `SELECT * FROM deadman_wizards WHERE owner = $1 ORDER BY wizard${inTx ? ' FOR UPDATE' : ''}`,
        [owner],
      )
      return { records: mine.map(withOwner), rev: Math.max(rev, ...mine.map((r) => Number(r.rev))) }
    },
    async get(wizard) {
      const [r] = await rows(`SELECT * FROM deadman_wizards WHERE wizard = $1${inTx ? ' FOR UPDATE' : ''}`, [
        wizard,
      ])
      return r ? withOwner(r) : undefined
    },
    async save(r) {
      const p = saveParams(r)
      await q(
        `UPDATE deadman_wizards SET state = $2, state_since = $3, up_since = $4, watch_since = $5, paused = $6,
           active = $7, streak = $8, last_restart_at = $9, incident = $10, incident_restarts = $11,
           incident_rolled_back = $12, stamp_mtime = $13, flags = $14, last_error = $15, reset_at = $16,
           rev = nextval('deadman_rev')
         WHERE wizard = $1`,
        [
          p.wizard,
          p.state,
          p.stateSince,
          p.upSince,
          p.watchSince,
          p.paused,
          p.active,
          p.streak,
          p.lastRestartAt,
          p.incident,
          p.incidentRestarts,
          p.incidentRolledBack,
          p.stampMtime,
          p.flags,
          p.lastError,
          p.resetAt,
        ],
      )
    },
    async beat(wizard, at, source, kind, counted) {
      await q(
        `UPDATE deadman_wizards SET last_beat_at = $2, last_beat_source = $3, rev = nextval('deadman_rev')
         WHERE wizard = $1 AND (last_beat_at IS NULL OR last_beat_at <= $2)`,
        [wizard, at, source],
      )
      if (counted)
        await q('INSERT INTO deadman_beats (wizard, at, kind, source) VALUES ($1, $2, $3, $4)', [
          wizard,
          at,
          kind,
          source,
        ])
    },
    countBeats: (wizard, since) =>
      n('SELECT count(*) AS n FROM deadman_beats WHERE wizard = $1 AND at > $2', [wizard, since]),
    async pruneBeats(before) {
      await q('DELETE FROM deadman_beats WHERE at < $1', [before])
    },
    async startRun(wizard, run, at) {
      await q(
        'INSERT INTO deadman_runs (wizard, run, started_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [wizard, run, at],
      )
    },
    async finishRun(wizard, run, at) {
      const id =
        run ??
        ((
          await rows(
            'SELECT run FROM deadman_runs WHERE wizard = $1 AND finished_at IS NULL ORDER BY started_at LIMIT 1',
            [wizard],
          )
        )[0]?.run as string | undefined)
      if (id === undefined) return false
      const res = await q(
        'UPDATE deadman_runs SET finished_at = $1 WHERE wizard = $2 AND run = $3 AND finished_at IS NULL',
        [at, wizard, id],
      )
      return (res.rowCount ?? 0) > 0
    },
    stuckRuns: async (before) =>
      (await rows(
        'SELECT wizard, run, started_at FROM deadman_runs WHERE finished_at IS NULL AND flagged = 0 AND started_at < $1',
        [before],
      )) as unknown[] as StuckRunRow[],
    async flagRun(wizard, run) {
      await q('UPDATE deadman_runs SET flagged = 1 WHERE wizard = $1 AND run = $2', [wizard, run])
    },
    hasFlaggedOpenRun: async (wizard) =>
      (await n(
        'SELECT count(*) AS n FROM deadman_runs WHERE wizard = $1 AND finished_at IS NULL AND flagged = 1',
        [wizard],
      )) > 0,
    async closeRuns(wizard, at) {
      await q('UPDATE deadman_runs SET finished_at = $1 WHERE wizard = $2 AND finished_at IS NULL', [
        at,
        wizard,
      ])
    },
    async transition(e) {
      await q(
        'INSERT INTO deadman_transitions (wizard, at, from_state, to_state, reason) VALUES ($1, $2, $3, $4, $5)',
        [e.wizard, e.at, e.from, e.to, e.reason],
      )
    },
    transitions: async (wizard, limit) =>
      (
        await rows('SELECT * FROM deadman_transitions WHERE wizard = $1 ORDER BY id DESC LIMIT $2', [
          wizard,
          limit,
        ])
      ).map(
        (r): TransitionEvent => ({
          wizard: r.wizard as string,
          at: r.at as number,
          from: r.from_state as string,
          to: r.to_state as string,
          reason: r.reason as string,
        }),
      ),
    action: async (wizard, at, kind, dryRun, outcome, detail, incident) =>
      toAction(
        (
          await rows(
            `INSERT INTO deadman_actions (wizard, at, kind, dry_run, outcome, detail, incident)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
            [wizard, at, kind, dryRun ? 1 : 0, outcome, JSON.stringify(detail), incident],
          )
        )[0]!,
      ),
    finishAction: async (id, outcome, detail) =>
      toAction(
        (
          await rows('UPDATE deadman_actions SET outcome = $1, detail = $2 WHERE id = $3 RETURNING *', [
            outcome,
            JSON.stringify(detail),
            id,
          ])
        )[0]!,
      ),
    actions: async (wizard, limit) =>
      (wizard
        ? await rows('SELECT * FROM deadman_actions WHERE wizard = $1 ORDER BY id DESC LIMIT $2', [
            wizard,
            limit,
          ])
        : await rows('SELECT * FROM deadman_actions ORDER BY id DESC LIMIT $1', [limit])
      ).map(toAction),
    restartsInWindow: (r, windowMs, now) =>
      n(
        `SELECT count(*) AS n FROM deadman_actions WHERE wizard = $1 AND kind = 'restart' AND at > $2 AND at >= $3`,
        [r.wizard, now - windowMs, r.resetAt],
      ),
    async restartCounts(windowMs, now) {
      const counts = await rows(
        `SELECT a.wizard AS wizard, count(*) AS n FROM deadman_actions a JOIN deadman_wizards w ON w.wizard = a.wizard
         WHERE a.kind = 'restart' AND a.at > $1 AND a.at >= w.reset_at GROUP BY a.wizard`,
        [now - windowMs],
      )
      return new Map(counts.map((r) => [r.wizard as string, Number(r.n)]))
    },
    openIncident: async (wizard, at) =>
      Number(
        (
          await rows('INSERT INTO deadman_incidents (wizard, opened_at) VALUES ($1, $2) RETURNING id', [
            wizard,
            at,
          ])
        )[0]!.id,
      ),
    async closeIncident(id, at) {
      await q('UPDATE deadman_incidents SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL', [at, id])
    },
    async recordRollback(incident, from, to, wizard, at, dryRun) {
      if (incident !== null)
        await q('UPDATE deadman_incidents SET rollback_from = $1, rollback_to = $2 WHERE id = $3', [
          from,
          to,
          incident,
        ])
      if (!dryRun)
        await q(
          `INSERT INTO deadman_rolled_away (owner, generation, at, wizard, incident) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING`,
          [owner, from, at, wizard, incident],
        )
    },
    async alertIssueOf(incident) {
      const [row] = await rows(
        `SELECT detail::jsonb #>> '{result,repo}' AS repo, (detail::jsonb #> '{result,issue}') AS issue
         FROM deadman_actions WHERE kind = 'alert' AND incident = $1 AND outcome = 'ok'
           AND detail::jsonb ->> 'delivered' = 'gitea.issue'
         ORDER BY id LIMIT 1`,
        [incident],
      )
      return row && typeof row.repo === 'string' && typeof row.issue === 'number'
        ? { repo: row.repo, issue: row.issue }
        : undefined
    },
    rolledAway: async () =>
      new Set(
        (await rows('SELECT generation FROM deadman_rolled_away WHERE owner = $1', [owner])).map((r) =>
          Number(r.generation),
        ),
      ),
  }
}

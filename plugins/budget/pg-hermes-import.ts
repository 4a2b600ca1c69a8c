/** The Hermes state.db import (run-hermes-import.ts) into the PostgreSQL tables: same cursor, snapshots and deltas. */
import { join } from 'node:path'
import type pg from 'pg'
import type { HermesStateDb } from '../hermes/types.js'
import type { PostgresService } from '../postgres/types.js'
import { afterCommit } from './after-commit.js'
import type { CoreOptions } from './core.js'
import { E } from './errors.js'
import { deltaRecord, type ImportResult, type ImportSnapshot } from './import-hermes.js'
import type { Tally } from './ledger.js'
import { checkNamedPg, flushTallyPg, type PgBudgetScope, recordPg } from './pg-budget-tx.js'
import { totalTokens, usageLine } from './usage-record.js'

export interface PgImportContext {
  pg: PostgresService
  scope: PgBudgetScope
  opts: Omit<CoreOptions, 'store'>
  now: () => number
  after: Parameters<typeof afterCommit>[0]
  write: <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>
}

export async function pgHermesImport(x: PgImportContext, stateDb: HermesStateDb): Promise<ImportResult> {
  const { opts } = x
  if (!opts.hermesHome) return { status: 'missing', scanned: 0, records: 0, tokens: 0 }
  const t = x.now()
  const pool = await x.pg.pool()
  const meta = await pool.query(`SELECT value FROM budget_meta WHERE key = 'hermes_cursor'`)
  const cursor = Number(meta.rows[0]?.value ?? 0)
  const rows = await stateDb.readUsage(join(opts.hermesHome, 'state.db'), {
    sinceSec: cursor - 3600,
    skipSources: opts.importSkipSources ?? ['timmy'],
    now: t,
    unreadable: (f) =>
      E.BUDGET_HERMES_DB_UNREADABLE({ path: f.file, reason: f.reason }, { cause: f.cause, exitCode: 1 }),
  })
  if (rows === 'missing' || rows === 'busy') return { status: rows, scanned: 0, records: 0, tokens: 0 }
  const lines: string[] = []
  const out = await x.write(async (c) => {
    const tally: Tally = new Map()
    let records = 0
    let tokens = 0
    const touched = new Set<string>()
    for (const row of rows) {
      const reported = await c.query(
        `SELECT 1 FROM budget_ledger WHERE session_id = $1 AND source != 'hermes-state-db' LIMIT 1`,
        [row.sessionId],
      )
      if (reported.rows.length) continue
      const seen = (await c.query(`SELECT * FROM budget_imports WHERE key = $1`, [row.key])).rows[0]
      const rec = deltaRecord(row, seen as ImportSnapshot | undefined)
      const n = row.counters
      await c.query(
        `INSERT INTO budget_imports (key, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_micros, seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (key) DO UPDATE SET input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
           cache_read_tokens = excluded.cache_read_tokens, cache_write_tokens = excluded.cache_write_tokens,
           reasoning_tokens = excluded.reasoning_tokens, cost_micros = excluded.cost_micros, seen_at = excluded.seen_at`,
        [
          row.key,
          n.input_tokens,
          n.output_tokens,
          n.cache_read_tokens,
          n.cache_write_tokens,
          n.reasoning_tokens,
          row.costMicros,
          t,
        ],
      )
      if (!rec) continue
      const r = await recordPg(c, x.scope, rec, t, tally)
      if (!r) continue
      records++
      tokens += totalTokens(rec)
      for (const name of r.touched) touched.add(name)
      lines.push(usageLine(r.id, rec, r.at, r.exempt))
    }
    const maxSeen = rows.reduce((m, r) => Math.max(m, r.at / 1000), cursor)
    await c.query(
      `INSERT INTO budget_meta (key, value) VALUES ('hermes_cursor', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(Math.floor(maxSeen))],
    )
    return {
      records,
      tokens,
      events: await checkNamedPg(c, x.scope, touched, t, await flushTallyPg(c, tally)),
    }
  })
  afterCommit(x.after, lines, out.events)
  return { status: 'imported', scanned: rows.length, records: out.records, tokens: out.tokens }
}

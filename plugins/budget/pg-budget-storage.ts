/**
 * The budget tables on the fleet's PostgreSQL (`store.url`, through the `postgres` service): every
 * host's spend counts against one cap. Each state change is one transaction that first takes the
 * budget advisory lock (`lockBudgets`), so a reservation reads spent + reserved and holds only under
 * the cap, atomically across every host; side effects (token_usage lines, queue wake-ups, events)
 * follow the commit, as on SQLite.
 */
import { join } from 'node:path'
import { didYouMean } from '../../core/did-you-mean.js'
import type { PostgresService } from '../postgres/types.js'
import { afterCommit } from './after-commit.js'
import type { BudgetStorage } from './budget-storage.js'
import type { CoreOptions } from './core.js'
import type { BudgetEvent } from './enforcer.js'
import { E } from './errors.js'
import { holdsFrom } from './find-holds.js'
import type { Recorded, Tally } from './ledger.js'
import { isExempt } from './parse-budgets.js'
import { PG_BUDGET_MIGRATIONS } from './pg-budget-migrations.js'
import { pgReport, pgSpendSeries, pgStatus } from './pg-budget-reads.js'
import {
  checkNamedPg,
  decidePg,
  drawPg,
  expireDuePg,
  flushTallyPg,
  lockBudgets,
  type PgBudgetScope,
  pausedRowsPg,
  readTotalsPg,
  recordPg,
  releasePg,
  reservePg,
} from './pg-budget-tx.js'
import { pgHermesImport } from './pg-hermes-import.js'
import { toRequest } from './to-request.js'
import { toMicros, totalTokens, type UsageRecord, usageLine } from './usage-record.js'
import { windowStart } from './windows.js'

export async function openPgBudgetStorage(
  pg: PostgresService,
  opts: Omit<CoreOptions, 'store'>,
): Promise<BudgetStorage> {
  await pg.migrate('budget', PG_BUDGET_MIGRATIONS)
  const s: PgBudgetScope = {
    budgets: opts.budgets,
    byName: new Map(opts.budgets.map((b) => [b.name, b])),
    exempt: opts.exempt ?? [],
    ttl: opts.reservationTtlMs ?? 3_600_000,
  }
  const now = opts.now ?? Date.now
  const after = {
    opts,
    usageFile:
      opts.hermesHome && opts.tokenUsageFile !== false
        ? join(opts.hermesHome, 'token_usage.jsonl')
        : undefined,
  }
  /** One locked transaction; its events (and token_usage lines) are applied after the commit. */
  const write = async <T>(
    fn: (c: Parameters<Parameters<PostgresService['transaction']>[0]>[0]) => Promise<T>,
  ) =>
    pg.transaction(async (c) => {
      await lockBudgets(c)
      return fn(c)
    })
  const settleOrRecord = async (
    id: string | undefined,
    rec: UsageRecord | undefined,
    keep: boolean,
  ): Promise<Recorded | undefined> => {
    const t = now()
    const out = await write(async (c) => {
      const tally: Tally = new Map()
      const r = rec ? await recordPg(c, s, rec, t, tally) : undefined
      const touched = new Set(r?.touched ?? [])
      if (id !== undefined) {
        if (keep) {
          if (rec && !r?.exempt) await drawPg(c, id, totalTokens(rec), toMicros(rec.cost) ?? 0, tally)
        } else for (const n of await releasePg(c, id, t, tally)) touched.add(n)
      }
      return { r, events: await checkNamedPg(c, s, touched, t, await flushTallyPg(c, tally)) }
    })
    afterCommit(after, out.r && rec ? [usageLine(out.r.id, rec, out.r.at, out.r.exempt)] : [], out.events)
    return out.r
  }
  const exemptOk = (input: { model?: string }, id: string) =>
    isExempt(s.exempt, input.model) ? { ok: true as const, id, budgets: [] } : undefined
  const pool = await pg.pool()
  return {
    kind: 'postgres',
    budgets: opts.budgets,
    record: (rec) => settleOrRecord(undefined, rec, false),
    async reserve(input) {
      const req = toRequest(input)
      const exempt = exemptOk(input, req.id)
      if (exempt) return exempt
      const t = now()
      return write(async (c) => {
        await expireDuePg(c, t)
        return reservePg(c, s, req, t)
      })
    },
    async check(input) {
      const req = toRequest(input)
      const decided = exemptOk(input, req.id) ?? (await decidePg(pool, s, req, now()))
      return Array.isArray(decided) ? { ok: true, id: req.id, budgets: decided.map(([n]) => n) } : decided
    },
    async peek(input) {
      const req = toRequest(input)
      const decided = exemptOk(input, req.id) ?? (await decidePg(pool, s, req, now(), false))
      return Array.isArray(decided) ? { ok: true, id: req.id, budgets: decided.map(([n]) => n) } : decided
    },
    settle: (id, rec, keep = false) => settleOrRecord(id, rec, keep),
    async release(id) {
      const t = now()
      await write(async (c) => {
        const tally: Tally = new Map()
        await releasePg(c, id, t, tally)
        await flushTallyPg(c, tally)
      })
    },
    async enforce() {
      const t = now()
      const events = await write(async (c) => {
        await expireDuePg(c, t)
        const out = await checkNamedPg(c, s, s.byName.keys(), t)
        for (const p of await pausedRowsPg(c)) {
          if (s.byName.has(p.budget)) continue
          await c.query(`DELETE FROM budget_paused WHERE budget = $1`, [p.budget])
          out.push({
            budget: p.budget,
            state: 'resumed',
            windowStart: p.window_start,
            spentTokens: 0,
            spentCost: 0,
            targets: JSON.parse(p.targets) as string[],
            reason: `budget "${p.budget}" is no longer configured; its pipelines resume`,
          })
        }
        return out
      })
      afterCommit(after, [], events)
      return events
    },
    paused: async (scope = {}) => holdsFrom(s.budgets, scope, await pausedRowsPg(pool), now()),
    async reset(name, audit) {
      const b = s.byName.get(name)
      if (!b) {
        const known = [...s.byName.keys()]
        throw E.BUDGET_UNKNOWN({ name, known: known.join(', '), suggestion: didYouMean(name, known) })
      }
      const t = now()
      const events = await write(async (c) => {
        const ws = windowStart(b, t)
        const before = (await readTotalsPg(c, [[b.name, ws]]))(b.name, ws)
        await c.query(
          `INSERT INTO budget_resets (budget, window_start, at, actor, reason, spent_tokens_before, spent_cost_micros_before)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [b.name, ws, t, audit.actor, audit.reason ?? null, before.spent_tokens, before.spent_cost_micros],
        )
        await c.query(
          `UPDATE budget_totals SET spent_tokens = 0, spent_cost_micros = 0, soft_fired = 0 WHERE budget = $1 AND window_start = $2`,
          [b.name, ws],
        )
        const ev: BudgetEvent = {
          budget: b.name,
          state: 'reset',
          windowStart: ws,
          spentTokens: before.spent_tokens,
          spentCost: before.spent_cost_micros / 1e6,
          targets: [],
          reason: `budget "${b.name}" was reset by ${audit.actor}${audit.reason ? ` (${audit.reason})` : ''}`,
        }
        return [ev, ...(await checkNamedPg(c, s, [b.name], t))]
      })
      await afterCommit(after, [], events)
      return events
    },
    status: () => pgStatus(pool, s.budgets, now()),
    report: (o) => pgReport(pool, o),
    spendSeries: (o) => pgSpendSeries(pool, s.budgets, o),
    importHermes: (stateDb) => pgHermesImport({ pg, scope: s, opts, now, after, write }, stateDb),
  }
}

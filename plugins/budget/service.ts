/**
 * The `budget` service other plugins use (`host.maybeUse('budget')`): record usage,
 * reserve/settle, ask whether a pipeline is paused, read status. Each method is one operation of the
 * budget storage (budget-storage.ts: the host's SQLite store, or the fleet's PostgreSQL), opened on first use.
 */
import type { VetoDecision, VetoQuery } from '../bridge/bridge-veto.js'
import type { HermesService } from '../hermes/types.js'
import type { BudgetStorage } from './budget-storage.js'
import type { Hold, ReserveInput } from './core.js'
import type { BudgetEvent } from './enforcer.js'
import type { ImportResult } from './import-hermes.js'
import type { Recorded } from './ledger.js'
import { type Budget, budgetsFor } from './parse-budgets.js'
import type { BudgetStatus, ReportGroup, ReportRow } from './report.js'
import type { Decision } from './reservations.js'
import type { SpendSeries } from './spend-series.js'
import type { UsageRecord } from './usage-record.js'

export type {
  Budget,
  BudgetEvent,
  BudgetStatus,
  Decision,
  Hold,
  ImportResult,
  Recorded,
  ReportRow,
  ReserveInput,
  SpendSeries,
  UsageRecord,
}

export interface BudgetService {
  /** The configured budgets (checked at boot). */
  readonly budgets: readonly Budget[]
  /** Append a usage record and count it (no reservation). Undefined when its `key` was already recorded. */
  record(rec: UsageRecord): Promise<Recorded | undefined>
  /** Hold `tokens`/`cost` against every applicable budget, all or nothing. `ok: false` carries the reason. */
  reserve(input: ReserveInput): Promise<Decision>
  /** What `reserve` would decide, holding nothing (dry runs). */
  check(input: ReserveInput): Promise<Decision>
  /** Record actual usage against reservation `id` and release the rest (unless `keep`). */
  settle(id: string, usage?: UsageRecord, keep?: boolean): Promise<Recorded | undefined>
  release(id: string): Promise<void>
  /**
   * Budgets that hold this pipeline/lane now (exhausted in their current window), each with the end
   * of that window and the queue wake key; the `playbooks.run` tasks defer a held run until then.
   */
  paused(scope?: { playbook?: string; lane?: string }): Promise<Hold[]>
  enforce(): Promise<BudgetEvent[]>
  importHermes(): Promise<ImportResult>
  /** Every budget's window totals; with a `lane`/`playbook`, only the budgets that apply to it. */
  status(scope?: { lane?: string; playbook?: string }): Promise<BudgetStatus[]>
  /**
   * The Hermes bridge's veto check (`HermesVetoService`, core/hermes/bridge-veto.ts): a Hermes session
   * is charged against the global budgets; the tokens its API calls have in flight (`reservedTokens`)
   * count as spent, so the call is vetoed when a budget is exhausted or they would overshoot its cap.
   * An exempt model (payload `model`) is never vetoed.
   */
  checkVeto(query: VetoQuery): Promise<VetoDecision>
  report(opts: { by: ReportGroup; since?: number }): Promise<ReportRow[]>
  reset(name: string, audit: { actor: string; reason?: string }): Promise<BudgetEvent[]>
  /** Tokens (and cost) per budget and per model in buckets of `bucketMs` from `since` (spend-series.ts: a rollup, not a ledger scan). */
  spendSeries(opts: { since: number; until: number; bucketMs: number }): Promise<SpendSeries>
}

export function createBudgetService(
  budgets: readonly Budget[],
  core: () => Promise<BudgetStorage>,
  opts: {
    now: () => number
    timezone: string
    /** The model a Hermes session announced (`on_session_start`, `pre_llm_call`, …), for exempt checks. */
    sessionModel?: (sessionId: string) => string | undefined
    /** The hermes service (its state.db reader), when the hermes plugin is loaded. */
    hermes?: () => HermesService | undefined
  },
): BudgetService {
  return {
    budgets,
    record: async (rec) => (await core()).record(rec),
    reserve: async (input) => (await core()).reserve(input),
    check: async (input) => (await core()).check(input),
    settle: async (id, usage, keep) => (await core()).settle(id, usage, keep),
    release: async (id) => (await core()).release(id),
    paused: async (scope) => (await core()).paused(scope),
    enforce: async () => (await core()).enforce(),
    importHermes: async () => {
      const hermes = opts.hermes?.()
      if (!hermes) return { status: 'missing', scanned: 0, records: 0, tokens: 0 }
      return (await core()).importHermes(hermes.stateDb)
    },
    status: async (scope) => {
      const all = await (await core()).status()
      if (!scope || (scope.lane === undefined && scope.playbook === undefined)) return all
      const names = new Set(budgetsFor(budgets, scope).map((b) => b.name))
      return all.filter((s) => names.has(s.name))
    },
    checkVeto: async (q) => {
      const given = q.event.payload.model
      const model =
        typeof given === 'string' && given
          ? given
          : q.sessionId
            ? opts.sessionModel?.(q.sessionId)
            : undefined
      const decision = await (await core()).peek({
        tokens: Math.max(0, Math.ceil(q.reservedTokens || 0)),
        ...(model ? { model } : {}),
      })
      return decision.ok ? { veto: false } : { veto: true, reason: decision.reason }
    },
    report: async (o) => (await core()).report({ ...o, timezone: opts.timezone }),
    reset: async (name, audit) => (await core()).reset(name, audit),
    spendSeries: async (o) => (await core()).spendSeries(o),
  }
}

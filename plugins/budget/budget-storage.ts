/**
 * Where the budget engine keeps its tables, as one asynchronous contract: the host's SQLite store
 * (`sqlite-budget-storage.ts`, today's synchronous engine behind promises) or the fleet's PostgreSQL
 * (`pg-budget-storage.ts`, when `store.url` is set). Every operation that changes state is one
 * transaction; reserving against a cap is atomic across every process (SQLite: `BEGIN IMMEDIATE`;
 * PostgreSQL: a transaction under one advisory lock). Side effects run after the commit.
 */
import type { HermesStateDb } from '../hermes/types.js'
import type { Hold, ReserveInput } from './core.js'
import type { BudgetEvent } from './enforcer.js'
import type { ImportResult } from './import-hermes.js'
import type { Recorded } from './ledger.js'
import type { Budget } from './parse-budgets.js'
import type { BudgetStatus, ReportGroup, ReportRow } from './report.js'
import type { Decision } from './reservations.js'
import type { SpendSeries } from './spend-series.js'
import type { UsageRecord } from './usage-record.js'

export interface BudgetStorage {
  readonly kind: 'sqlite' | 'postgres'
  readonly budgets: readonly Budget[]
  /** Append a usage record and add it to every applicable budget's window; undefined when its key was seen. */
  record(rec: UsageRecord): Promise<Recorded | undefined>
  /** Hold the worst case against every applicable budget, all or nothing, atomically against every other reserver. */
  reserve(input: ReserveInput): Promise<Decision>
  /** What `reserve` would decide, holding nothing. */
  check(input: ReserveInput): Promise<Decision>
  /** Read only, no lock: the refusal `reserve` would give for this much more, or ok. */
  peek(input: ReserveInput): Promise<Decision>
  /** Record actual usage, draw the reservation down by it, release the rest unless `keep`. */
  settle(id: string, rec: UsageRecord | undefined, keep?: boolean): Promise<Recorded | undefined>
  release(id: string): Promise<void>
  /** Expire abandoned reservations and check every budget (soft, exhausted, resumed). */
  enforce(): Promise<BudgetEvent[]>
  /** Budgets that hold this pipeline/lane in their current window. */
  paused(scope?: { playbook?: string; lane?: string }): Promise<Hold[]>
  /** Zero the current window's spend of one budget (audited; the ledger is kept). */
  reset(name: string, audit: { actor: string; reason?: string }): Promise<BudgetEvent[]>
  /** Every budget's current window: spent, reserved, cap, state. */
  status(): Promise<BudgetStatus[]>
  report(opts: { by: ReportGroup; since?: number; timezone: string }): Promise<ReportRow[]>
  spendSeries(opts: { since: number; until: number; bucketMs: number }): Promise<SpendSeries>
  importHermes(stateDb: HermesStateDb): Promise<ImportResult>
}

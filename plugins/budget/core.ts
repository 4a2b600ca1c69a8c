/**
 * The budget engine over one store: record usage, reserve/settle/release, enforce, import from Hermes,
 * reset. Every state change runs in one `BEGIN IMMEDIATE` transaction; side effects (the token_usage
 * file, queue pause/resume, events) happen after it commits. Synchronous (better-sqlite3), so the
 * same engine serves the plugin, child processes in tests and the benchmark.
 */

import type { Store } from '../../core/store/store.js'
import type { HermesStateDb } from '../hermes/types.js'
import type { Queue } from '../queue/queue-types.js'
import { openBudgetScope } from './budget-scope.js'
import { checkReservation, peekReservation, reserveBudgets } from './decide-reservation.js'
import { enforceBudgets } from './enforce-budgets.js'
import type { BudgetEvent } from './enforcer.js'
import { findHolds } from './find-holds.js'
import type { ImportResult } from './import-hermes.js'
import type { Recorded } from './ledger.js'
import type { Budget } from './parse-budgets.js'
import { recordBudgetUsage } from './record-budget-usage.js'
import { type Decision, release } from './reservations.js'
import { resetBudget } from './reset-budget.js'
import { runHermesImport } from './run-hermes-import.js'
import { settleReservation } from './settle-reservation.js'
import type { UsageRecord } from './usage-record.js'

/** The part of the `queue` service the engine uses: wake the runs a budget held (core/queue/types.ts). */
export type BudgetQueue = Pick<Queue, 'wake'>

/** The wake key of the queued runs held by budget `name` (see `paused`). */
export { holdKey } from './hold-key.js'

export interface CoreOptions {
  store: Store
  budgets: readonly Budget[]
  exempt?: readonly string[]
  now?: () => number
  reservationTtlMs?: number
  /** `$HERMES_HOME`: where `token_usage.jsonl` is appended and `state.db` is read. */
  hermesHome?: string
  tokenUsageFile?: boolean
  importSkipSources?: readonly string[]
  /** The queue service, looked up when needed, to wake the runs a budget held when it resumes. */
  queue?: () => BudgetQueue | undefined
  /** Called after commit with each state change (soft, exhausted, resumed, reset). */
  onEvent?: (event: BudgetEvent) => void
  onWarn?: (message: string, err: unknown) => void
}

/** A budget holding a pipeline or lane: its reason, the end of its window (epoch ms), the queue wake key. */
export interface Hold {
  budget: string
  reason: string
  until: number
  key: string
}

export interface ReserveInput {
  id?: string
  tokens?: number
  cost?: number
  playbook?: string
  lane?: string
  runId?: string
  stepId?: string
  model?: string
}

export type BudgetCore = ReturnType<typeof createBudgetCore>

/** The engine: each operation a named function (files beside this one) over one `BudgetScope`. */
export function createBudgetCore(opts: CoreOptions) {
  const s = openBudgetScope(opts)
  return {
    budgets: s.budgets,
    store: s.store,
    /** Append a usage record (no reservation), count it, enforce. Undefined when its key was seen. */
    record(rec: UsageRecord): Recorded | undefined {
      return recordBudgetUsage(s, rec)
    },
    /** Reserve the worst case against every budget that applies, atomically; `ok: false` names the budget. */
    reserve(input: ReserveInput): Decision {
      return reserveBudgets(s, input)
    },
    /** What `reserve` would decide, without holding anything (dry runs). */
    check(input: ReserveInput): Decision {
      return checkReservation(s, input)
    },
    /**
     * Read only, no write lock (the Hermes bridge asks before every tool call): the refusal `reserve`
     * would give for this much more, or ok. Nothing is held.
     */
    peek(input: ReserveInput): Decision {
      return peekReservation(s, input)
    },
    /**
     * Settle a reservation to actual usage: record it, draw the reservation down by it, and release
     * the rest unless `keep` (a run-level reservation that later steps draw on).
     */
    settle(id: string, rec: UsageRecord | undefined, keep = false): Recorded | undefined {
      return settleReservation(s, id, rec, keep)
    },
    release(id: string): void {
      const t = s.now()
      s.store.immediate(() => release(s.ls, s.rs, id, t))
    },
    /** Expire abandoned reservations and check every budget (window rollover resumes paused pipelines). */
    enforce(): BudgetEvent[] {
      return enforceBudgets(s)
    },
    /**
     * Budgets that hold this pipeline/lane now: exhausted in their current window (a pause left from an
     * earlier window no longer holds, even before the enforcer clears it). `until` is the window's end.
     */
    paused(scope: { playbook?: string; lane?: string } = {}): Hold[] {
      return findHolds(s, scope)
    },
    /** Zero the current window's spend of one budget (audited in `budget_resets`; the ledger is kept). */
    reset(name: string, audit: { actor: string; reason?: string }): BudgetEvent[] {
      return resetBudget(s, name, audit)
    },
    /** Import what Hermes spent outside timmy (incremental, counted once). */
    importHermes(stateDb: HermesStateDb): Promise<ImportResult> {
      return runHermesImport(s, stateDb)
    },
  }
}

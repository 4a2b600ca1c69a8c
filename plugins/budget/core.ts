/**
 * The budget engine over one store: record usage, reserve/settle/release, enforce, import from Hermes,
 * reset. Every state change runs in one `BEGIN IMMEDIATE` transaction; side effects (the token_usage
 * file, queue pause/resume, events) happen after it commits. Synchronous (better-sqlite3), so the
 * same engine serves the plugin, child processes in tests and the benchmark.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { didYouMean } from '../../core/did-you-mean.js'
import { E } from '../../core/errors.js'
import type { Store } from '../../core/store/store.js'
import type { Queue } from '../queue/queue-types.js'
import { appendLines } from './append-lines.js'
import { type BudgetEvent, checkBudget, enforcerStatements, type PausedRow } from './enforcer.js'
import { deltaRecord, type ImportResult, type ImportSnapshot, readHermesUsage } from './import-hermes.js'
import { flushTally, ledgerStatements, type Recorded, readTotals, recordUsage, type Tally } from './ledger.js'
import { BUDGET_MIGRATIONS } from './migrations.js'
import { type Budget, budgetsFor, isExempt } from './parse-budgets.js'
import {
  type Decision,
  draw,
  expireDue,
  overCap,
  release,
  reservationStatements,
  reserve,
} from './reservations.js'
import { toMicros, totalTokens, type UsageRecord, usageLine } from './usage-record.js'
import { windowEnd, windowStart } from './windows.js'

/** The part of the `queue` service the engine uses: wake the runs a budget held (core/queue/types.ts). */
export type BudgetQueue = Pick<Queue, 'wake'>

/** The wake key of the queued runs held by budget `name` (see `paused`). */
export const holdKey = (name: string) => `budget:${name}`

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

class Rollback {
  constructor(readonly value: Decision) {}
}

export type BudgetCore = ReturnType<typeof createBudgetCore>

export function createBudgetCore(opts: CoreOptions) {
  const { store } = opts
  store.migrate('budget', BUDGET_MIGRATIONS)
  const db = store.db
  const ls = ledgerStatements(db)
  const rs = reservationStatements(db)
  const es = enforcerStatements(db)
  const budgets = opts.budgets
  const exempt = opts.exempt ?? []
  const now = opts.now ?? Date.now
  const ttl = opts.reservationTtlMs ?? 3_600_000
  const usageFile =
    opts.hermesHome && opts.tokenUsageFile !== false ? join(opts.hermesHome, 'token_usage.jsonl') : undefined
  const importGet = db.prepare(`SELECT * FROM budget_imports WHERE key = ?`)
  const importPut = db.prepare(
    `INSERT INTO budget_imports (key, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_micros, seen_at)
     VALUES (@key, @input_tokens, @output_tokens, @cache_read_tokens, @cache_write_tokens, @reasoning_tokens, @cost_micros, @seen_at)
     ON CONFLICT (key) DO UPDATE SET input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
       cache_read_tokens = excluded.cache_read_tokens, cache_write_tokens = excluded.cache_write_tokens,
       reasoning_tokens = excluded.reasoning_tokens, cost_micros = excluded.cost_micros, seen_at = excluded.seen_at`,
  )
  const reportedSession = db.prepare(
    `SELECT 1 FROM budget_ledger WHERE session_id = ? AND source != 'hermes-state-db' LIMIT 1`,
  )
  const metaGet = db.prepare(`SELECT value FROM budget_meta WHERE key = ?`)
  const metaPut = db.prepare(
    `INSERT INTO budget_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  )
  const byName = new Map(budgets.map((b) => [b.name, b]))

  /** Enforcer checks for these budgets; `tally` (written here) supplies fresh totals without re-reading. */
  const checkNames = (names: Iterable<string>, t: number, tally?: Tally): BudgetEvent[] => {
    const totals = tally ? flushTally(ls, tally) : undefined
    const set = new Set(names)
    if (set.size === 0) return []
    const paused = new Map((es.allPaused.all() as PausedRow[]).map((p) => [p.budget, p]))
    const events: BudgetEvent[] = []
    for (const n of set) {
      const b = byName.get(n)
      if (b) events.push(...checkBudget(ls, es, b, t, { ...(totals ? { totals } : {}), paused }))
    }
    return events
  }

  /** After commit: file lines, queue wake-ups, events. Failures here are logged, never undo the ledger. */
  const after = (lines: string[], events: BudgetEvent[]) => {
    // Only beside an existing Hermes home: timmy never creates $HERMES_HOME for this file.
    if (usageFile && lines.length && existsSync(opts.hermesHome!)) {
      try {
        appendLines(usageFile, lines)
      } catch (err) {
        opts.onWarn?.(`could not append to ${usageFile}`, err)
      }
    }
    // Held runs wait in the queue until their window ends; a budget freed sooner (reset, a raised cap,
    // a rollover noticed by the enforcer) wakes them now, and each run's task asks `paused` again.
    const queue = events.some((e) => e.state === 'resumed') ? opts.queue?.() : undefined
    for (const e of events) {
      if (queue && e.state === 'resumed') {
        const key = holdKey(e.budget)
        queue.wake(key).catch((err) => opts.onWarn?.(`queue wake of "${key}" failed`, err))
      }
      opts.onEvent?.(e)
    }
  }

  const toRequest = (input: ReserveInput) => {
    for (const f of ['tokens', 'cost'] as const) {
      const v = input[f]
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0))
        throw E.BUDGET_BAD_ESTIMATE({ reason: `${f} must be a number >= 0, found ${JSON.stringify(v)}` })
    }
    return {
      id: input.id ?? `res:${crypto.randomUUID()}`,
      tokens: Math.ceil(input.tokens ?? 0),
      costMicros: toMicros(input.cost) ?? 0,
      ...(input.playbook !== undefined ? { playbook: input.playbook } : {}),
      ...(input.lane !== undefined ? { lane: input.lane } : {}),
      ...(input.runId !== undefined ? { runId: input.runId } : {}),
      ...(input.stepId !== undefined ? { stepId: input.stepId } : {}),
    }
  }

  return {
    budgets,
    store,
    /** Append a usage record (no reservation), count it, enforce. Undefined when its key was seen. */
    record(rec: UsageRecord): Recorded | undefined {
      const t = now()
      const out = store.immediate(() => {
        const tally: Tally = new Map()
        const r = recordOne(rec, t, tally)
        return { r, events: checkNames(r?.touched ?? [], t, tally) }
      })
      after(out.r ? [usageLine(out.r.id, rec, out.r.at, out.r.exempt)] : [], out.events)
      return out.r
    },
    /** Reserve the worst case against every budget that applies, atomically; `ok: false` names the budget. */
    reserve(input: ReserveInput): Decision {
      const req = toRequest(input)
      if (isExempt(exempt, input.model)) return { ok: true, id: req.id, budgets: [] }
      const t = now()
      return store.immediate(() => {
        expireDue(ls, rs, t)
        return reserve(ls, rs, budgets, req, t, ttl)
      })
    },
    /** What `reserve` would decide, without holding anything (dry runs). */
    check(input: ReserveInput): Decision {
      const req = toRequest(input)
      if (isExempt(exempt, input.model)) return { ok: true, id: req.id, budgets: [] }
      try {
        return store.immediate(() => {
          throw new Rollback(reserve(ls, rs, budgets, req, now(), ttl))
        })
      } catch (err) {
        if (err instanceof Rollback) return err.value
        throw err
      }
    },
    /**
     * Read only, no write lock (the Hermes bridge asks before every tool call): the refusal `reserve`
     * would give for this much more, or ok. Nothing is held.
     */
    peek(input: ReserveInput): Decision {
      const req = toRequest(input)
      if (isExempt(exempt, input.model)) return { ok: true, id: req.id, budgets: [] }
      const out = overCap(ls, budgets, req, now())
      return Array.isArray(out) ? { ok: true, id: req.id, budgets: out.map(([n]) => n) } : out
    },
    /**
     * Settle a reservation to actual usage: record it, draw the reservation down by it, and release
     * the rest unless `keep` (a run-level reservation that later steps draw on).
     */
    settle(id: string, rec: UsageRecord | undefined, keep = false): Recorded | undefined {
      const t = now()
      const out = store.immediate(() => {
        const tally: Tally = new Map()
        const r = rec ? recordOne(rec, t, tally) : undefined
        const touched = new Set(r?.touched ?? [])
        // Releasing everything left makes a draw first redundant; a kept (run-level) reservation is drawn down.
        if (keep) {
          if (rec && !r?.exempt) draw(ls, rs, id, totalTokens(rec), toMicros(rec.cost) ?? 0, tally)
        } else for (const n of release(ls, rs, id, t, 'released', tally)) touched.add(n)
        return { r, events: checkNames(touched, t, tally) }
      })
      after(out.r && rec ? [usageLine(out.r.id, rec, out.r.at, out.r.exempt)] : [], out.events)
      return out.r
    },
    release(id: string): void {
      const t = now()
      store.immediate(() => release(ls, rs, id, t))
    },
    /** Expire abandoned reservations and check every budget (window rollover resumes paused pipelines). */
    enforce(): BudgetEvent[] {
      const t = now()
      const events = store.immediate(() => {
        expireDue(ls, rs, t)
        const out = checkNames(byName.keys(), t)
        for (const p of es.allPaused.all() as PausedRow[]) {
          if (byName.has(p.budget)) continue
          es.unpause.run(p.budget)
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
      after([], events)
      return events
    },
    /**
     * Budgets that hold this pipeline/lane now: exhausted in their current window (a pause left from an
     * earlier window no longer holds, even before the enforcer clears it). `until` is the window's end.
     */
    paused(scope: { playbook?: string; lane?: string } = {}): Hold[] {
      const t = now()
      const rows = new Map((es.allPaused.all() as PausedRow[]).map((p) => [p.budget, p]))
      const out: Hold[] = []
      for (const b of budgetsFor(budgets, scope)) {
        const p = rows.get(b.name)
        if (p && p.window_start === windowStart(b, t))
          out.push({ budget: b.name, reason: p.reason, until: windowEnd(b, t), key: holdKey(b.name) })
      }
      return out
    },
    /** Zero the current window's spend of one budget (audited in `budget_resets`; the ledger is kept). */
    reset(name: string, audit: { actor: string; reason?: string }): BudgetEvent[] {
      const b = byName.get(name)
      if (!b) {
        const known = [...byName.keys()]
        throw E.BUDGET_UNKNOWN({ name, known: known.join(', '), suggestion: didYouMean(name, known) })
      }
      const t = now()
      const events = store.immediate(() => {
        const ws = windowStart(b, t)
        const before = readTotals(ls, b.name, ws)
        db.prepare(
          `INSERT INTO budget_resets (budget, window_start, at, actor, reason, spent_tokens_before, spent_cost_micros_before)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(b.name, ws, t, audit.actor, audit.reason ?? null, before.spent_tokens, before.spent_cost_micros)
        db.prepare(
          `UPDATE budget_totals SET spent_tokens = 0, spent_cost_micros = 0, soft_fired = 0 WHERE budget = ? AND window_start = ?`,
        ).run(b.name, ws)
        const ev: BudgetEvent = {
          budget: b.name,
          state: 'reset',
          windowStart: ws,
          spentTokens: before.spent_tokens,
          spentCost: before.spent_cost_micros / 1e6,
          targets: [],
          reason: `budget "${b.name}" was reset by ${audit.actor}${audit.reason ? ` (${audit.reason})` : ''}`,
        }
        return [ev, ...checkBudget(ls, es, b, t)]
      })
      after([], events)
      return events
    },
    /** Import what Hermes spent outside timmy (incremental, counted once). */
    async importHermes(Sqlite: typeof import('better-sqlite3')): Promise<ImportResult> {
      if (!opts.hermesHome) return { status: 'missing', scanned: 0, records: 0, tokens: 0 }
      const t = now()
      const cursor = Number((metaGet.get('hermes_cursor') as { value: string } | undefined)?.value ?? 0)
      const rows = await readHermesUsage(Sqlite, join(opts.hermesHome, 'state.db'), {
        sinceSec: cursor - 3600,
        skipSources: opts.importSkipSources ?? ['timmy'],
        now: t,
      })
      if (rows === 'missing' || rows === 'busy') return { status: rows, scanned: 0, records: 0, tokens: 0 }
      const lines: string[] = []
      const out = store.immediate(() => {
        const tally: Tally = new Map()
        let records = 0
        let tokens = 0
        const touched = new Set<string>()
        for (const row of rows) {
          if (reportedSession.get(row.sessionId)) continue
          const rec = deltaRecord(row, importGet.get(row.key) as ImportSnapshot | undefined)
          importPut.run({ key: row.key, ...row.counters, cost_micros: row.costMicros, seen_at: t })
          if (!rec) continue
          const r = recordOne(rec, t, tally)
          if (!r) continue
          records++
          tokens += totalTokens(rec)
          for (const n of r.touched) touched.add(n)
          lines.push(usageLine(r.id, rec, r.at, r.exempt))
        }
        const maxSeen = rows.reduce((m, r) => Math.max(m, r.at / 1000), cursor)
        metaPut.run('hermes_cursor', String(Math.floor(maxSeen)))
        return { records, tokens, events: checkNames(touched, t, tally) }
      })
      after(lines, out.events)
      return { status: 'imported', scanned: rows.length, records: out.records, tokens: out.tokens }
    },
  }

  function recordOne(rec: UsageRecord, t: number, tally?: Tally): Recorded | undefined {
    return recordUsage(ls, budgets, exempt, rec, t, tally)
  }
}

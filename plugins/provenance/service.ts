/**
 * The `provenance` service: what ran (playbook runs and their steps: model, agent, tokens, outcome,
 * effects applied) and which Hermes sessions they produced, so a training pair can be traced back to
 * its run and step. Other plugins get it with `host.maybeUse('provenance')`.
 */
import type { RunContext, RunReport, StepResult, UsageEvent } from '../../core/hooks.js'
import type { Store } from '../../core/store/store.js'
import type { RunLink } from '../../training/types.js'

export interface RunRecord {
  run_id: string
  playbook: string
  lane: string | null
  item_id: string | null
  item_source: string | null
  dry_run: boolean
  outcome: string | null
  started_at: string | null
  finished_at: string | null
  input_tokens: number
  output_tokens: number
}

export interface StepRecord {
  run_id: string
  step_id: string
  use: string
  playbook: string
  agent: string | null
  model: string | null
  provider: string | null
  outcome: string
  input_tokens: number
  output_tokens: number
  cost: number | null
  effects: { kind: string; applied: boolean }[]
  error: string | null
  duration_ms: number
  recorded_at: string
}

export interface ProvenanceService {
  /** A run started (from the `beforeRun` interceptor). */
  recordRunStart(run: RunContext): Promise<void>
  /** A run finished (from `afterRun`). */
  recordRun(report: RunReport): Promise<void>
  /** A step finished (from `afterStep`); links any Hermes session ids found in its output or usage. */
  recordStep(result: StepResult): Promise<void>
  /** Link a Hermes session to the run (and step) that produced it. */
  linkSession(sessionId: string, runId: string, stepId?: string | null): Promise<void>
  getRun(runId: string): Promise<(RunRecord & { steps: StepRecord[] }) | undefined>
  /** The run and step behind each session id that timmy produced (others are absent). */
  traceSessions(sessionIds: readonly string[]): Promise<Map<string, RunLink>>
  /** Synchronous variant for the streaming pipeline (the store must be open). */
  traceSessionsSync(sessionIds: readonly string[]): Map<string, RunLink>
  /** The store, opened (for synchronous use by the pipeline). */
  ready(): Promise<void>
}

export const MIGRATIONS = [
  `CREATE TABLE provenance_runs (
     run_id TEXT PRIMARY KEY, playbook TEXT NOT NULL, lane TEXT, item_id TEXT, item_source TEXT,
     dry_run INTEGER NOT NULL DEFAULT 0, outcome TEXT, started_at TEXT, finished_at TEXT,
     input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE provenance_steps (
     run_id TEXT NOT NULL, step_id TEXT NOT NULL, use TEXT NOT NULL, playbook TEXT NOT NULL,
     agent TEXT, model TEXT, provider TEXT, outcome TEXT NOT NULL,
     input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0, cost REAL,
     effects_json TEXT NOT NULL DEFAULT '[]', error TEXT, duration_ms INTEGER NOT NULL DEFAULT 0,
     recorded_at TEXT NOT NULL, PRIMARY KEY (run_id, step_id))`,
  `CREATE TABLE provenance_sessions (
     session_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, step_id TEXT, linked_at TEXT NOT NULL)`,
  'CREATE INDEX provenance_sessions_run ON provenance_sessions(run_id)',
]

/** Session ids a step reports: `sessionId`/`session_id`(s) on the result, its output, or its effects. */
export function sessionIdsOf(result: StepResult): string[] {
  const ids = new Set<string>()
  const look = (o: unknown) => {
    if (!o || typeof o !== 'object') return
    const r = o as Record<string, unknown>
    for (const k of ['sessionId', 'session_id']) if (typeof r[k] === 'string' && r[k]) ids.add(r[k] as string)
    for (const k of ['sessionIds', 'session_ids'])
      if (Array.isArray(r[k])) for (const v of r[k] as unknown[]) if (typeof v === 'string' && v) ids.add(v)
  }
  look(result)
  look(result.output)
  look(result.usage)
  for (const e of result.effects ?? []) look(e)
  return [...ids]
}

export function createProvenanceService(
  openStore: () => Promise<Store>,
  now: () => number = Date.now,
): ProvenanceService & { onUsage(e: UsageEvent): Promise<void> } {
  let store: Store | undefined
  const db = async () => {
    if (!store) {
      const s = await openStore()
      s.migrate('provenance', MIGRATIONS)
      store = s
    }
    return store.db
  }
  const at = () => new Date(now()).toISOString()
  const link = async (sessionId: string, runId: string, stepId?: string | null) => {
    ;(await db())
      .prepare(
        `INSERT INTO provenance_sessions (session_id, run_id, step_id, linked_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(session_id) DO UPDATE SET run_id = excluded.run_id,
           step_id = coalesce(excluded.step_id, provenance_sessions.step_id)`,
      )
      .run(sessionId, runId, stepId ?? null, at())
  }
  const ensureRun = (
    d: Awaited<ReturnType<typeof db>>,
    runId: string,
    playbook: string,
    lane: string | null,
    dryRun: boolean,
  ) =>
    d
      .prepare(
        `INSERT INTO provenance_runs (run_id, playbook, lane, dry_run, started_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(run_id) DO NOTHING`,
      )
      .run(runId, playbook, lane, dryRun ? 1 : 0, at())
  const traceSync = (ids: readonly string[]) => {
    const out = new Map<string, RunLink>()
    if (!store || !ids.length) return out
    const d = store.db
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      const rows = d
        .prepare(
          `SELECT s.session_id, s.run_id, s.step_id, r.playbook, st.use FROM provenance_sessions s
           LEFT JOIN provenance_runs r ON r.run_id = s.run_id
           LEFT JOIN provenance_steps st ON st.run_id = s.run_id AND st.step_id = s.step_id
           WHERE s.session_id IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(...chunk) as {
        session_id: string
        run_id: string
        step_id: string | null
        playbook: string | null
        use: string | null
      }[]
      for (const r of rows)
        out.set(r.session_id, { run_id: r.run_id, step_id: r.step_id, playbook: r.playbook, use: r.use })
    }
    return out
  }
  return {
    async ready() {
      await db()
    },
    async recordRunStart(run) {
      const d = await db()
      d.prepare(
        `INSERT INTO provenance_runs (run_id, playbook, lane, item_id, item_source, dry_run, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(run_id) DO NOTHING`,
      ).run(
        run.runId,
        run.playbook,
        run.lane ?? null,
        run.item?.id ?? null,
        run.item?.source ?? null,
        run.dryRun ? 1 : 0,
        at(),
      )
    },
    async recordRun(report) {
      const d = await db()
      ensureRun(d, report.runId, report.playbook, report.lane ?? null, report.dryRun)
      let input = 0
      let output = 0
      for (const s of report.steps) {
        input += s.usage?.input_tokens ?? 0
        output += s.usage?.output_tokens ?? 0
      }
      d.prepare(
        `UPDATE provenance_runs SET outcome = ?, started_at = ?, finished_at = ?, input_tokens = ?, output_tokens = ?,
           item_id = coalesce(item_id, ?), item_source = coalesce(item_source, ?) WHERE run_id = ?`,
      ).run(
        report.outcome,
        report.startedAt,
        report.finishedAt,
        input,
        output,
        report.item?.id ?? null,
        report.item?.source ?? null,
        report.runId,
      )
    },
    async recordStep(result) {
      const d = await db()
      ensureRun(d, result.runId, result.playbook, result.lane ?? null, result.dryRun)
      const agent = typeof result.agent === 'string' ? result.agent : (result.lane ?? null)
      // afterStep comes after the effects were applied: each one's real status.
      const effects = (result.effects ?? []).map((e, i) => ({
        kind: e.kind,
        applied: result.applied
          ? result.applied[i]?.status === 'applied'
          : !result.dryRun && result.outcome === 'ok',
      }))
      d.prepare(
        `INSERT INTO provenance_steps (run_id, step_id, use, playbook, agent, model, provider, outcome,
           input_tokens, output_tokens, cost, effects_json, error, duration_ms, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(run_id, step_id) DO UPDATE SET outcome = excluded.outcome, model = excluded.model,
           provider = excluded.provider, input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
           cost = excluded.cost, effects_json = excluded.effects_json, error = excluded.error,
           duration_ms = excluded.duration_ms, recorded_at = excluded.recorded_at`,
      ).run(
        result.runId,
        result.stepId,
        result.use,
        result.playbook,
        agent,
        result.usage?.model ?? (typeof result.model === 'string' ? result.model : null),
        result.usage?.provider ?? null,
        result.outcome,
        result.usage?.input_tokens ?? 0,
        result.usage?.output_tokens ?? 0,
        result.usage?.cost ?? null,
        JSON.stringify(effects),
        result.error ? `${result.error.code ? `${result.error.code}: ` : ''}${result.error.message}` : null,
        Math.round(result.durationMs ?? 0),
        at(),
      )
      for (const id of sessionIdsOf(result)) await link(id, result.runId, result.stepId)
    },
    linkSession: link,
    async onUsage(e) {
      if (e.sessionId && e.runId) await link(e.sessionId, e.runId, e.stepId ?? null)
    },
    async getRun(runId) {
      const d = await db()
      const run = d.prepare('SELECT * FROM provenance_runs WHERE run_id = ?').get(runId) as
        | (Omit<RunRecord, 'dry_run'> & { dry_run: number })
        | undefined
      if (!run) return undefined
      const steps = (
        d
          .prepare('SELECT * FROM provenance_steps WHERE run_id = ? ORDER BY recorded_at, step_id')
          .all(runId) as (Omit<StepRecord, 'effects'> & { effects_json: string })[]
      ).map(({ effects_json, ...s }) => ({ ...s, effects: JSON.parse(effects_json) }))
      return { ...run, dry_run: run.dry_run === 1, steps }
    },
    async traceSessions(ids) {
      await db()
      return traceSync(ids)
    },
    traceSessionsSync: traceSync,
  }
}

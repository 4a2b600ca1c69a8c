/**
 * The `provenance` service: what ran (playbook runs and their steps: model, agent, tokens, outcome,
 * effects applied) and which Hermes sessions they produced, so a training pair can be traced back to
 * its run and step. Other plugins get it with `host.maybeUse('provenance')`.
 */
import type { RunContext, RunReport, StepResult, UsageEvent } from '../../core/hooks.js'
import type { Store } from '../../core/store/store.js'
import type { RunLink } from '../../training/types.js'
import type { ProvenanceState } from './service/provenance-state.js'
import { traceSessionsSync } from './service/trace-sessions-sync.js'

// The store, its migrations and the recorders load on the first async call.
let bodyPromise: Promise<typeof import('./service/service-body.js')> | undefined
const load = () => (bodyPromise ??= import('./service/service-body.js'))

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

/** The service over one state; each method is a named function in `service/`. */
export function createProvenanceService(
  openStore: () => Promise<Store>,
  now: () => number = Date.now,
): ProvenanceService & { onUsage(e: UsageEvent): Promise<void> } {
  const state: ProvenanceState = { openStore, now }
  return {
    async ready() {
      await (await load()).openDb(state)
    },
    recordRunStart: async (run) => (await load()).recordRunStart(state, run),
    recordRun: async (report) => (await load()).recordRun(state, report),
    recordStep: async (result) => (await load()).recordStep(state, result),
    linkSession: async (sessionId, runId, stepId) =>
      (await load()).linkSession(state, sessionId, runId, stepId),
    async onUsage(e) {
      if (e.sessionId && e.runId)
        await (await load()).linkSession(state, e.sessionId, e.runId, e.stepId ?? null)
    },
    getRun: async (runId) => (await load()).getRun(state, runId),
    async traceSessions(ids) {
      await (await load()).openDb(state)
      return traceSessionsSync(state, ids)
    },
    traceSessionsSync: (ids) => traceSessionsSync(state, ids),
  }
}

import type { StepResult } from '../../../core/hooks.js'
import { ensureRun } from './ensure-run.js'
import { linkSession } from './link-session.js'
import { nowIso } from './now-iso.js'
import { openDb } from './open-db.js'
import type { ProvenanceState } from './provenance-state.js'
import { sessionIdsOf } from './session-ids-of.js'

/** A step finished: upsert its row (model, tokens, effects' real status, error) and link its sessions. */
export async function recordStep(state: ProvenanceState, result: StepResult): Promise<void> {
  const d = await openDb(state)
  ensureRun(state, d, result.runId, result.playbook, result.lane ?? null, result.dryRun)
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
    nowIso(state),
  )
  for (const id of sessionIdsOf(result)) await linkSession(state, id, result.runId, result.stepId)
}

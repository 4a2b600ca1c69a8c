import type { RunReport } from '../../../core/hooks.js'
import { ensureRun } from './ensure-run.js'
import { openDb } from './open-db.js'
import type { ProvenanceState } from './provenance-state.js'

/** A run finished: its outcome, times and the tokens summed over its steps. */
export async function recordRun(state: ProvenanceState, report: RunReport): Promise<void> {
  const d = await openDb(state)
  ensureRun(state, d, report.runId, report.playbook, report.lane ?? null, report.dryRun)
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
}

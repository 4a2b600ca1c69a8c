import type { RunRecord, StepRecord } from '../service.js'
import { openDb } from './open-db.js'
import type { ProvenanceState } from './provenance-state.js'

/** A run's row with its steps (effects parsed), or undefined. */
export async function getRun(
  state: ProvenanceState,
  runId: string,
): Promise<(RunRecord & { steps: StepRecord[] }) | undefined> {
  const d = await openDb(state)
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
}

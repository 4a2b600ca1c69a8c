import type { Database } from '../../../core/store/store.js'
import { nowIso } from './now-iso.js'
import type { ProvenanceState } from './provenance-state.js'

/** Insert the run's row unless it exists (a step or report may arrive without its start). */
export const ensureRun = (
  state: ProvenanceState,
  d: Database,
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
    .run(runId, playbook, lane, dryRun ? 1 : 0, nowIso(state))

import type { RunContext } from '../../../core/hooks.js'
import { nowIso } from './now-iso.js'
import { openDb } from './open-db.js'
import type { ProvenanceState } from './provenance-state.js'

/** A run started: insert its row (playbook, lane, item, dry run) unless it exists. */
export async function recordRunStart(state: ProvenanceState, run: RunContext): Promise<void> {
  const d = await openDb(state)
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
    nowIso(state),
  )
}

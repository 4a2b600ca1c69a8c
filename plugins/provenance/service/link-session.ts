import { nowIso } from './now-iso.js'
import { openDb } from './open-db.js'
import type { ProvenanceState } from './provenance-state.js'

/** Link a Hermes session to the run (and step) that produced it; a known step is kept when none is given. */
export async function linkSession(
  state: ProvenanceState,
  sessionId: string,
  runId: string,
  stepId?: string | null,
): Promise<void> {
  ;(await openDb(state))
    .prepare(
      `INSERT INTO provenance_sessions (session_id, run_id, step_id, linked_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(session_id) DO UPDATE SET run_id = excluded.run_id,
           step_id = coalesce(excluded.step_id, provenance_sessions.step_id)`,
    )
    .run(sessionId, runId, stepId ?? null, nowIso(state))
}

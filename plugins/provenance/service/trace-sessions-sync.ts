import type { RunLink } from '../../../training/types.js'
import type { ProvenanceState } from './provenance-state.js'

/** The run and step behind each session id, in chunks of 500; empty while the store is not open. */
export function traceSessionsSync(state: ProvenanceState, ids: readonly string[]): Map<string, RunLink> {
  const out = new Map<string, RunLink>()
  if (!state.store || !ids.length) return out
  const d = state.store.db
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

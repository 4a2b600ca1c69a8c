/** The SQL both rollout backends share (`?` placeholders; the PostgreSQL backend numbers them). */
import type { HostPatch, HostStepState } from './rollout-store.js'

export const ROLLOUT_TABLES = (id: string, bool: string) => [
  `CREATE TABLE fleet_rollouts (
    id ${id}, commit_sha TEXT NOT NULL, state TEXT NOT NULL, serial INTEGER NOT NULL,
    stop_on_failure ${bool} NOT NULL, started_by TEXT NOT NULL, created_at BIGINT NOT NULL, finished_at BIGINT)`,
  `CREATE TABLE fleet_rollout_hosts (
    rollout_id INTEGER NOT NULL REFERENCES fleet_rollouts(id), host TEXT NOT NULL, position INTEGER NOT NULL,
    state TEXT NOT NULL, job_id BIGINT, generation INTEGER, error_code TEXT, error_message TEXT,
    started_at BIGINT, finished_at BIGINT, PRIMARY KEY (rollout_id, host))`,
]

export const SELECT_HOSTS = 'SELECT * FROM fleet_rollout_hosts WHERE rollout_id = ? ORDER BY position'

/** `UPDATE … SET` for a host's step, only from the given states; its parameters in order. */
export function updateHostSql(
  id: number,
  host: string,
  patch: HostPatch,
  at: number,
  from: readonly HostStepState[],
): { sql: string; params: unknown[] } {
  const sets = ['state = ?']
  const params: unknown[] = [patch.state]
  const set = (column: string, value: unknown) => {
    sets.push(`${column} = ?`)
    params.push(value)
  }
  if (patch.jobId !== undefined) set('job_id', patch.jobId)
  if (patch.generation !== undefined) set('generation', patch.generation)
  if (patch.error !== undefined) {
    set('error_code', patch.error?.code ?? null)
    set('error_message', patch.error?.message ?? null)
  }
  if (patch.state === 'deploying') set('started_at', at)
  if (['done', 'failed', 'skipped'].includes(patch.state)) set('finished_at', at)
  const marks = from.map(() => '?').join(', ')
  return {
    sql: `UPDATE fleet_rollout_hosts SET ${sets.join(', ')} WHERE rollout_id = ? AND host = ? AND state IN (${marks})`,
    params: [...params, id, host, ...from],
  }
}

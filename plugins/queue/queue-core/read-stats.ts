/** Job counts by state and by task, and the paused tasks. */
import type { QueueBackend } from '../backend.js'
import type { JobState, QueueStats } from '../queue-types.js'

const STATES: JobState[] = ['queued', 'running', 'done', 'failed', 'revoked', 'expired']

export async function readStats(backend: QueueBackend): Promise<QueueStats> {
  const byState = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<JobState, number>
  const byTask: QueueStats['byTask'] = {}
  for (const { task: t, state, n } of await backend.counts()) {
    byState[state] += n
    byTask[t] = { ...byTask[t], [state]: n }
  }
  return { byState, byTask, paused: await backend.paused() }
}

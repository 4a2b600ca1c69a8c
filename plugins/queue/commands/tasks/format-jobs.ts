/** Jobs as a table (`tasks list`); a queued job its handler deferred shows as `waiting`, with its reason. */
import { formatTable } from '../../../../core/cli/format-table.js'
import type { Job } from '../../queue-types.js'

export function formatJobTable(jobs: Job[]): string {
  return formatTable(
    ['id', 'task', 'state', 'attempts', 'priority', 'run at', 'error / waiting for'],
    jobs.map((j) => [
      String(j.id),
      j.task,
      // A queued job its handler deferred (e.g. a run held by an exhausted budget) waits for `run at`.
      j.waiting ? 'waiting' : j.state,
      attemptsOf(j),
      String(j.priority),
      j.runAt,
      (j.waiting?.reason ?? j.error?.message)?.slice(0, 100) ?? '',
    ]),
  )
}

/** Attempts made / attempts allowed (retries + 1): the one wording of `tasks list` and `tasks show`. */
const attemptsOf = (j: Job) => `${j.attempts}/${j.maxRetries + 1}`

/** One job, a field a line (`tasks show`); `attempts` as in the list, done/allowed. */
export function describeJob(job: Job): string {
  const lines = [`job ${job.id}: ${job.task} (${job.state})`]
  for (const [k, v] of Object.entries(job)) {
    if (k === 'id' || k === 'task' || k === 'state' || k === 'maxRetries') continue
    const text = k === 'attempts' ? attemptsOf(job) : typeof v === 'string' ? v : JSON.stringify(v)
    lines.push(`  ${k.padEnd(15)}${text}`)
  }
  return lines.join('\n')
}

/** `tasks list`, `tasks show <id>` and `tasks stats`: read the queue. */
import type { CliContext } from '../../../../core/cli/command.js'
import { formatTable } from '../../../../core/cli/format-table.js'
import { E } from '../../errors.js'
import type { QueueService } from '../../host-queue.js'
import type { JobState } from '../../queue-types.js'
import { badArgs, parseJobId, parseWholeNumber, printOut, STATES } from './check-args.js'
import { describeJob, formatJobTable } from './format-jobs.js'
import { STATE_FILTERS } from './states.js'

/** Newest jobs first, filtered by `--state`, `--task`, `--limit`. */
export async function listJobs(ctx: CliContext, queue: QueueService): Promise<number> {
  const state = ctx.values.state as string | undefined
  if (state !== undefined && !STATE_FILTERS.includes(state))
    throw badArgs(`--state must be one of ${STATE_FILTERS.join(', ')}`)
  const filter: { state?: JobState; task?: string; limit?: number } = {
    limit: parseWholeNumber('--limit', ctx.values.limit, 1) ?? 50,
  }
  // waiting: queued jobs deferred by their task (the limit counts the waiting ones only)
  if (state) filter.state = (state === 'waiting' ? 'queued' : state) as JobState
  if (ctx.values.task) filter.task = ctx.values.task as string
  const jobs =
    state === 'waiting'
      ? (await queue.list({ ...filter, limit: Number.MAX_SAFE_INTEGER }))
          .filter((j) => j.waiting)
          .slice(0, filter.limit)
      : await queue.list(filter)
  printOut(ctx, { jobs }, jobs.length ? formatJobTable(jobs) : 'no jobs')
  return 0
}

/** One job, or exit code 1 when there is none. */
export async function showJob(
  ctx: CliContext,
  queue: QueueService,
  target: string | undefined,
): Promise<number> {
  const job = await queue.get(parseJobId(target))
  if (!job) throw E.QUEUE_JOB_NOT_FOUND({ id: target! }, { exitCode: 1 })
  printOut(ctx, { job }, describeJob(job))
  return 0
}

/** Job counts by task and state, and the paused tasks. */
export async function showStats(ctx: CliContext, queue: QueueService): Promise<number> {
  const stats = await queue.stats()
  const rows = Object.entries(stats.byTask).map(([task, counts]) => [
    task,
    ...STATES.map((s) => String(counts[s as JobState] ?? 0)),
  ])
  const text = `${formatTable(['task', ...STATES], rows)}\npaused: ${stats.paused.join(', ') || '(none)'}`
  printOut(ctx, stats, text)
  return 0
}

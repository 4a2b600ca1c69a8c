/** `timmy tasks list|show|stats|enqueue|revoke|pause|resume|retry` — inspect and steer the durable queue. */

import { defineCommand } from '../../../core/cli/command.js'
import { formatTable } from '../../../core/cli/format-table.js'
import { E } from '../errors.js'
import type { Job, JobState } from '../queue-types.js'

const SUBCOMMANDS = ['list', 'show', 'stats', 'enqueue', 'revoke', 'pause', 'resume', 'retry'] as const
const STATES = ['queued', 'running', 'done', 'failed', 'revoked', 'expired']

export default defineCommand({
  summary: 'Inspect and steer the task queue: list, show, stats, enqueue, revoke, pause, resume, retry',
  description:
    'Works on $TIMMY_HOME/timmy.db; workers of a running "timmy serve" or "timmy worker" pick the ' +
    'changes up.',
  subcommands: {
    list: {
      summary: 'newest jobs first; "waiting": deferred by its task (reason shown)',
      options: {
        state: { type: 'string', value: 'state', choices: STATES, description: 'only jobs in this state' },
        task: { type: 'string', value: 'task', description: 'only jobs of this task' },
        limit: { type: 'string', value: 'n', description: 'at most this many (default 50)' },
      },
    },
    show: { summary: 'one job: args, attempts, result or error', args: '<id>' },
    stats: { summary: 'job counts by state and task, paused tasks' },
    enqueue: {
      summary: 'queue a job of a task',
      args: '<task>',
      options: {
        args: { type: 'string', value: 'json', description: "the job's arguments as JSON" },
        delay: { type: 'string', value: 'ms', description: 'run it this much later' },
        priority: { type: 'string', value: 'n', description: 'higher runs first' },
      },
    },
    revoke: { summary: 'a queued job never runs; a running one is told to stop', args: '<id>' },
    pause: { summary: 'stop starting jobs of a task', args: '<task>' },
    resume: { summary: 'start jobs of a paused task again', args: '<task>' },
    retry: { summary: 'queue a failed, revoked or expired job again', args: '<id>' },
  },
  async run(ctx) {
    const [sub, target, ...extra] = ctx.positionals
    const bad = (reason: string) => E.CLI_BAD_ARGS({ command: 'tasks', reason })
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub))
      throw bad(sub ? `unknown subcommand "${sub}"` : `name a subcommand (${SUBCOMMANDS.join(', ')})`)
    if (extra.length) throw bad(`unexpected argument "${extra[0]}"`)
    const needsTarget = sub !== 'list' && sub !== 'stats'
    if (needsTarget && !target)
      throw bad(`"tasks ${sub}" needs ${/pause|resume|enqueue/.test(sub) ? 'a task name' : 'a job id'}`)
    if (!needsTarget && target) throw bad(`"tasks ${sub}" takes no argument`)
    const int = (flag: string, value: unknown, min: number): number | undefined => {
      if (value === undefined) return undefined
      const n = Number(value)
      if (!Number.isInteger(n) || n < min)
        throw bad(`${flag} must be a whole number ≥ ${min}, got "${value}"`)
      return n
    }
    const jobId = () => int('the job id', target, 1)!

    const host = await ctx.host({ logLevel: 'warn' })
    const queue = host.service('queue')
    if (!queue) throw bad('the queue plugin is disabled (disabledPlugins); enable it to use the queue')
    const out = (value: unknown, text: string) => (ctx.json ? ctx.printJson(value) : ctx.print(text))

    switch (sub) {
      case 'list': {
        const state = ctx.values.state as string | undefined
        if (state !== undefined && !STATES.includes(state))
          throw bad(`--state must be one of ${STATES.join(', ')}`)
        const filter: { state?: JobState; task?: string; limit?: number } = {
          limit: int('--limit', ctx.values.limit, 1) ?? 50,
        }
        if (state) filter.state = state as JobState
        if (ctx.values.task) filter.task = ctx.values.task as string
        const jobs = await queue.list(filter)
        out({ jobs }, jobs.length ? table(jobs) : 'no jobs')
        return 0
      }
      case 'show': {
        const job = await queue.get(jobId())
        if (!job) throw E.QUEUE_JOB_NOT_FOUND({ id: target! }, { exitCode: 1 })
        out({ job }, describe(job))
        return 0
      }
      case 'stats': {
        const stats = await queue.stats()
        const rows = Object.entries(stats.byTask).map(([task, counts]) => [
          task,
          ...STATES.map((s) => String(counts[s as JobState] ?? 0)),
        ])
        const text = `${formatTable(['task', ...STATES], rows)}\npaused: ${stats.paused.join(', ') || '(none)'}`
        out(stats, text)
        return 0
      }
      case 'enqueue': {
        let args: unknown = null
        if (ctx.values.args !== undefined) {
          try {
            args = JSON.parse(ctx.values.args as string)
          } catch {
            throw bad('--args must be JSON, e.g. --args \'{"repo":"org/x"}\'')
          }
        }
        const opts: { delay?: number; priority?: number } = {}
        const delay = int('--delay', ctx.values.delay, 0)
        const priority = ctx.values.priority === undefined ? undefined : Number(ctx.values.priority)
        if (priority !== undefined && !Number.isInteger(priority))
          throw bad('--priority must be a whole number')
        if (delay !== undefined) opts.delay = delay
        if (priority !== undefined) opts.priority = priority
        const id = await queue.enqueue(target!, args, opts)
        out({ id }, `enqueued job ${id} (${target})`)
        return 0
      }
      case 'revoke': {
        const id = jobId()
        const revoked = await queue.revoke(id)
        out(
          { id, revoked },
          revoked ? `revoked job ${id}` : `job ${id} had already finished; nothing to revoke`,
        )
        return revoked ? 0 : 1
      }
      case 'retry': {
        const id = jobId()
        await queue.retry(id)
        out({ id, state: 'queued' }, `job ${id} is queued again`)
        return 0
      }
      case 'pause':
      case 'resume': {
        await queue[sub](target!)
        out(
          { task: target, paused: sub === 'pause' },
          `${sub === 'pause' ? 'paused' : 'resumed'} task ${target}`,
        )
        return 0
      }
    }
    return 2
  },
})

function table(jobs: Job[]): string {
  return formatTable(
    ['id', 'task', 'state', 'attempts', 'priority', 'run at', 'error / waiting for'],
    jobs.map((j) => [
      String(j.id),
      j.task,
      // A queued job its handler deferred (e.g. a run held by an exhausted budget) waits for `run at`.
      j.waiting ? 'waiting' : j.state,
      `${j.attempts}/${j.maxRetries + 1}`,
      String(j.priority),
      j.runAt,
      (j.waiting?.reason ?? j.error?.message)?.slice(0, 100) ?? '',
    ]),
  )
}

function describe(job: Job): string {
  const lines = [`job ${job.id}: ${job.task} (${job.state})`]
  for (const [k, v] of Object.entries(job)) {
    if (k === 'id' || k === 'task' || k === 'state') continue
    lines.push(`  ${k.padEnd(15)}${typeof v === 'string' ? v : JSON.stringify(v)}`)
  }
  return lines.join('\n')
}

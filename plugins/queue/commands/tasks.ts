/** `timmy tasks list|show|stats|enqueue|revoke|pause|resume|retry` — inspect and steer the durable queue. */

import { defineCommand } from '../../../core/cli/command.js'
import { STATE_FILTERS } from './tasks/states.js'

export default defineCommand({
  summary: 'Inspect and steer the task queue: list, show, stats, enqueue, revoke, pause, resume, retry',
  description:
    'Works on $TIMMY_HOME/timmy.db; workers of a running "timmy serve" or "timmy worker" pick the ' +
    'changes up.',
  subcommands: {
    list: {
      summary: 'newest jobs first; "waiting": deferred by its task (reason shown)',
      options: {
        state: {
          type: 'string',
          value: 'state',
          choices: STATE_FILTERS,
          description: 'only jobs in this state',
        },
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
    const { badArgs, checkTasksArgs } = await import('./tasks/check-args.js')
    const { listJobs, showJob, showStats } = await import('./tasks/read-jobs.js')
    const { enqueueJob, pauseTask, retryJob, revokeJob } = await import('./tasks/steer-jobs.js')
    const { sub, target } = checkTasksArgs(ctx)
    const host = await ctx.host({ logLevel: 'warn' })
    const queue = host.service('queue')
    if (!queue) throw badArgs('the queue plugin is disabled (disabledPlugins); enable it to use the queue')
    switch (sub) {
      case 'list':
        return listJobs(ctx, queue)
      case 'show':
        return showJob(ctx, queue, target)
      case 'stats':
        return showStats(ctx, queue)
      case 'enqueue':
        return enqueueJob(ctx, queue, target!)
      case 'revoke':
        return revokeJob(ctx, queue, target)
      case 'retry':
        return retryJob(ctx, queue, target)
      case 'pause':
      case 'resume':
        return pauseTask(ctx, queue, sub, target!)
    }
    return 2
  },
})

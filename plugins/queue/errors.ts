/** The `queue` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    QUEUE_UNKNOWN_TASK: (a: { task: string; suggestion?: string }) =>
      `no task named "${a.task}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Define it with queue.define(), a plugin's tasks, or host.registerTask(); "timmy plugins" lists the tasks.`,
    QUEUE_BAD_ARGS: (a: { task: string; reason: string }) =>
      `the arguments of task "${a.task}" cannot be stored: ${a.reason}. Pass plain JSON data (objects, arrays, strings, finite numbers, booleans, null).`,
    QUEUE_BAD_OPTION: (a: { option: string; reason: string }) =>
      `enqueue option "${a.option}" is invalid: ${a.reason}.`,
    QUEUE_BAD_CRON: (a: { name: string; cron: string; reason: string }) =>
      `the schedule "${a.cron}" of periodic task "${a.name}" is not a valid cron expression (${a.reason}). Use 5 or 6 fields, e.g. "*/5 * * * *".`,
    QUEUE_BAD_TIMEZONE: (a: { name: string; timezone: string }) =>
      `periodic task "${a.name}" names an unknown time zone "${a.timezone}". Use an IANA name such as "Europe/Berlin" or "UTC".`,
    QUEUE_DUPLICATE_TASK: (a: { task: string }) =>
      `task "${a.task}" is already defined. Choose a different name.`,
    QUEUE_JOB_NOT_FOUND: (a: { id: string }) =>
      `no job with id ${a.id}. Run "timmy tasks list" to see the jobs (finished jobs are pruned after their time to live).`,
    QUEUE_BAD_STATE: (a: { id: string; state: string; action: string }) =>
      `job ${a.id} is ${a.state}, so it cannot be ${a.action}. Run "timmy tasks show ${a.id}" to see it.`,
    QUEUE_NOT_SERIALISABLE_RESULT: (a: { task: string; reason: string }) =>
      `task "${a.task}" returned a value that cannot be stored: ${a.reason}. Return plain JSON data.`,
    QUEUE_TIMEOUT: (a: { task: string; timeoutMs: number }) =>
      `task "${a.task}" ran longer than its timeout (${a.timeoutMs} ms) and was abandoned. Make it faster, honour ctx.signal, or raise its timeout.`,
    QUEUE_CLOSED: () => 'the queue is closed. Enqueue before shutdown starts.',
    QUEUE_BUSY: (a: { path: string }) =>
      `the store ${a.path} stayed locked by another process past the busy timeout, three times. Find the process holding a long write transaction, or raise store.busyTimeoutMs.`,
  }),
}

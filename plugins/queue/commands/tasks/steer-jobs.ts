/** `tasks enqueue|revoke|retry|pause|resume`: change the queue. */
import type { CliContext } from '../../../../core/cli/command.js'
import type { QueueService } from '../../host-queue.js'
import { isPriority, PRIORITY_MAX, PRIORITY_MIN } from '../../queue-core/check-option.js'
import { badArgs, parseJobId, parseWholeNumber, printOut } from './check-args.js'

/** Queue a job of a task with `--args` (JSON), `--delay`, `--priority`. */
export async function enqueueJob(ctx: CliContext, queue: QueueService, target: string): Promise<number> {
  let args: unknown = null
  if (ctx.values.args !== undefined) {
    try {
      args = JSON.parse(ctx.values.args as string)
    } catch {
      throw badArgs('--args must be JSON, e.g. --args \'{"repo":"org/x"}\'')
    }
  }
  const opts: { delay?: number; priority?: number } = {}
  const delay = parseWholeNumber('--delay', ctx.values.delay, 0)
  const priority = ctx.values.priority === undefined ? undefined : Number(ctx.values.priority)
  if (priority !== undefined && !isPriority(priority))
    throw badArgs(
      `--priority must be a whole number from ${PRIORITY_MIN} to ${PRIORITY_MAX}, got "${ctx.values.priority}"`,
    )
  if (delay !== undefined) opts.delay = delay
  if (priority !== undefined) opts.priority = priority
  const id = await queue.enqueue(target, args, opts)
  printOut(ctx, { id }, `enqueued job ${id} (${target})`)
  return 0
}

/** Revoke a job; exit code 1 when it had already finished. */
export async function revokeJob(
  ctx: CliContext,
  queue: QueueService,
  target: string | undefined,
): Promise<number> {
  const id = parseJobId(target)
  const revoked = await queue.revoke(id)
  printOut(
    ctx,
    { id, revoked },
    revoked ? `revoked job ${id}` : `job ${id} had already finished; nothing to revoke`,
  )
  return revoked ? 0 : 1
}

/** Queue a failed, revoked or expired job again. */
export async function retryJob(
  ctx: CliContext,
  queue: QueueService,
  target: string | undefined,
): Promise<number> {
  const id = parseJobId(target)
  await queue.retry(id)
  printOut(ctx, { id, state: 'queued' }, `job ${id} is queued again`)
  return 0
}

/** Stop or start again starting jobs of a task. */
export async function pauseTask(
  ctx: CliContext,
  queue: QueueService,
  sub: 'pause' | 'resume',
  target: string,
): Promise<number> {
  await queue[sub](target)
  printOut(
    ctx,
    { task: target, paused: sub === 'pause' },
    `${sub === 'pause' ? 'paused' : 'resumed'} task ${target}`,
  )
  return 0
}

/**
 * The heartbeat's Gitea check: `gitea.ping()` (GET /version, no retries) each heartbeat, when a Gitea
 * URL is configured. When Gitea had stopped answering and answers again, the queue jobs that failed for
 * want of Gitea since it last answered (error codes below) are queued again with `queue.retry(id)`, as
 * the original heartbeat re-enqueued the work that could not proceed. What was re-queued is logged and
 * returned in the heartbeat's report.
 */

import type { Logger } from '../../core/log.js'
import type { GiteaService } from '../gitea/service.js'
import type { QueueService } from '../queue/host-queue.js'
import type { GiteaCheck } from './types.js'

/** Failures that mean "Gitea was not there", not "the work is wrong". */
export const GITEA_DOWN_CODES: ReadonlySet<string> = new Set([
  'TIMMY_ERR_GITEA_NETWORK',
  'TIMMY_ERR_GITEA_TIMEOUT',
  'TIMMY_ERR_GITEA_SERVER_ERROR',
  'TIMMY_ERR_GITEA_RATE_LIMITED',
])

export interface GiteaWatch {
  /** undefined: no check has run (or no gitea service). */
  readonly reachable: boolean | undefined
  check(now: number): Promise<GiteaCheck | undefined>
}

export function watchGitea(deps: {
  gitea: () => GiteaService | undefined
  queue: () => QueueService | undefined
  log: Logger
}): GiteaWatch {
  let reachable: boolean | undefined
  let lastOkAt: number | undefined
  let downSince: number | undefined

  const requeue = async (since: number): Promise<number[]> => {
    const queue = deps.queue()
    if (!queue) return []
    const failed = await queue.list({ state: 'failed', limit: 1000 })
    const ids: number[] = []
    for (const job of failed) {
      if (!job.error?.code || !GITEA_DOWN_CODES.has(job.error.code)) continue
      if (!job.finishedAt || Date.parse(job.finishedAt) < since) continue
      await queue.retry(job.id)
      ids.push(job.id)
    }
    return ids
  }

  return {
    get reachable() {
      return reachable
    },
    async check(now) {
      const gitea = deps.gitea()
      if (!gitea || gitea.url() === undefined) return undefined // no Gitea configured: nothing to check
      let error: string | undefined
      const ok = await gitea.ping().then(
        () => true,
        (err: unknown) => {
          error = (err as Error).message
          return false
        },
      )
      const wasDown = reachable === false
      reachable = ok
      if (!ok) {
        downSince ??= now
        deps.log.warn({ err: error }, 'deadman: Gitea did not answer the heartbeat check')
        return { reachable: false, requeued: [], ...(error ? { error } : {}) }
      }
      let requeued: number[] = []
      if (wasDown) {
        requeued = await requeue(lastOkAt ?? downSince ?? now)
        deps.log.info(
          { requeued, downSince: downSince ? new Date(downSince).toISOString() : undefined },
          `deadman: Gitea answers again; ${requeued.length} job(s) that failed while it was down queued again`,
        )
      }
      lastOkAt = now
      downSince = undefined
      return { reachable: true, requeued }
    },
  }
}

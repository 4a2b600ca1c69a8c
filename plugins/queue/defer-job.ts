/**
 * A handler's "not now": throw `new JobDeferred({ until, reason, key })` and the job goes back to the
 * queue unrun — no attempt counted, `run_at = until`, the reason kept on the job (`Job.waiting`, shown
 * by `timmy tasks list`) — instead of failing or retrying. `queue.wake(key)` makes every job waiting
 * under `key` due now (e.g. the budget plugin when an operator resets a budget); a woken handler
 * decides again, so a wake can never run a job that must still wait.
 */
export interface Deferral {
  /** Epoch ms: the job is due again then. */
  until: number
  /** Why it waits (shown to operators). */
  reason: string
  /** Groups waiting jobs for `queue.wake(key)`. */
  key?: string
}

export class JobDeferred extends Error {
  readonly deferral: Deferral
  constructor(deferral: Deferral) {
    super(`deferred until ${new Date(deferral.until).toISOString()}: ${deferral.reason}`)
    this.name = 'JobDeferred'
    this.deferral = deferral
  }
}

/**
 * Where rollouts are kept (`fleet_rollouts`, one row per rollout; `fleet_rollout_hosts`, one row per
 * host of it): on the `postgres` service's server when `store.url` is set — every host sees every
 * rollout — else in the host's SQLite store. `planAdvance` is the one decision both backends take
 * inside a transaction on the rollout's row.
 */

/** `queued`: its job is enqueued; `deploying`: its host runs it; `skipped`: the rollout stopped first. */
export type HostStepState = 'pending' | 'queued' | 'deploying' | 'done' | 'failed' | 'skipped'
export type RolloutState = 'running' | 'done' | 'failed'

export interface RolloutHost {
  host: string
  position: number
  state: HostStepState
  jobId: number | null
  /** The generation the host went live on (done), for drift. */
  generation: number | null
  error: { code?: string; message: string } | null
  startedAt: number | null
  finishedAt: number | null
}

export interface Rollout {
  id: number
  commit: string
  state: RolloutState
  serial: number
  stopOnFailure: boolean
  /** The host that recorded it. */
  startedBy: string
  createdAt: number
  finishedAt: number | null
  hosts: RolloutHost[]
}

export interface NewRollout {
  commit: string
  serial: number
  stopOnFailure: boolean
  startedBy: string
  hosts: string[]
}

export interface HostPatch {
  state: HostStepState
  jobId?: number
  generation?: number | null
  error?: { code?: string; message: string } | null
}

export interface RolloutStore {
  kind: 'sqlite' | 'postgres'
  create(r: NewRollout, at: number): Promise<number>
  get(id: number): Promise<Rollout | undefined>
  /** Newest first. */
  list(limit: number): Promise<Rollout[]>
  /** Set a host's step when it is in one of `from` (a compare-and-swap); false when it was not. */
  setHost(
    id: number,
    host: string,
    patch: HostPatch,
    at: number,
    from: readonly HostStepState[],
  ): Promise<boolean>
  /** In one transaction: apply `planAdvance` (skip, finish, mark the next hosts queued); returns those hosts. */
  advance(id: number, at: number): Promise<string[]>
  close(): Promise<void>
}

export interface AdvancePlan {
  queue: string[]
  skip: string[]
  finish?: 'done' | 'failed'
}

/** What a rollout does next: stop at a failure (the rest skipped), finish, or queue hosts up to `serial`. */
export function planAdvance(r: Rollout): AdvancePlan {
  if (r.state !== 'running') return { queue: [], skip: [] }
  const failed = r.hosts.some((h) => h.state === 'failed')
  const pending = r.hosts.filter((h) => h.state === 'pending')
  const active = r.hosts.filter((h) => h.state === 'queued' || h.state === 'deploying')
  if (failed && r.stopOnFailure) {
    const skip = pending.map((h) => h.host)
    return { queue: [], skip, ...(active.length ? {} : { finish: 'failed' as const }) }
  }
  if (!pending.length && !active.length) return { queue: [], skip: [], finish: failed ? 'failed' : 'done' }
  return { queue: pending.slice(0, Math.max(0, r.serial - active.length)).map((h) => h.host), skip: [] }
}

/** A rollout row and its host rows, as both backends read them. */
export function toRollout(row: Record<string, unknown>, hosts: Record<string, unknown>[]): Rollout {
  return {
    id: Number(row.id),
    commit: String(row.commit_sha),
    state: row.state as RolloutState,
    serial: Number(row.serial),
    stopOnFailure: !!row.stop_on_failure,
    startedBy: String(row.started_by),
    createdAt: Number(row.created_at),
    finishedAt: row.finished_at == null ? null : Number(row.finished_at),
    hosts: hosts
      .map((h) => ({
        host: String(h.host),
        position: Number(h.position),
        state: h.state as HostStepState,
        jobId: h.job_id == null ? null : Number(h.job_id),
        generation: h.generation == null ? null : Number(h.generation),
        error:
          h.error_message == null
            ? null
            : { ...(h.error_code ? { code: String(h.error_code) } : {}), message: String(h.error_message) },
        startedAt: h.started_at == null ? null : Number(h.started_at),
        finishedAt: h.finished_at == null ? null : Number(h.finished_at),
      }))
      .sort((a, b) => a.position - b.position),
  }
}

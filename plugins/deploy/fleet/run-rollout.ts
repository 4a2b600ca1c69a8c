/**
 * A rollout on the queue. `startRollout` pulls the commit, reads its inventory, records the rollout
 * (hosts in inventory order) and enqueues the first host's step. The step is the task
 * `deploy.fleet_host` with args `{ rollout, host, commit }`: every host registers it, and a handler on
 * any other host than `host` defers the job (`JobDeferred`, no attempt counted) for a moment, so only
 * the target runs it — this works on the shared PostgreSQL queue, whose claims know no host. When the
 * step succeeds the next host's job is enqueued (up to `rollout.serial` at once); a failure stops the
 * rollout (`stop_on_failure`): the remaining hosts are `skipped` and never touched.
 */
import { JobDeferred } from '../../queue/defer-job.js'
import type { JobContext } from '../../queue/queue-types.js'
import { E } from '../errors.js'
import { deployHost, type FleetDeps, pullCommit, workdirOf } from './deploy-host.js'
import { requireInventory } from './read-inventory.js'
import type { Rollout, RolloutStore } from './rollout-store.js'

export const FLEET_TASK = 'deploy.fleet_host'
/** How long another host's step waits before some worker looks at it again. */
export const DEFER_MS = 150
/** … when the target host is not beating (silent, stopped, unknown): its step waits without churn. */
export const IDLE_DEFER_MS = 5_000

export interface StepArgs {
  rollout: number
  host: string
  commit: string
}

export interface RolloutDeps extends FleetDeps {
  rollouts(): Promise<RolloutStore>
  now(): number
}

export async function startRollout(d: RolloutDeps, commit: string): Promise<Rollout> {
  const store = await d.rollouts()
  const running = (await store.list(1))[0]
  if (running?.state === 'running')
    throw E.FLEET_ROLLOUT_RUNNING({ id: running.id, commit: running.commit }, { exitCode: 1 })
  const sha = await pullCommit(d, commit)
  const { inventory } = requireInventory(workdirOf(d))
  const id = await store.create(
    {
      commit: sha,
      serial: inventory.rollout.serial,
      stopOnFailure: inventory.rollout.stop_on_failure,
      startedBy: d.hostId,
      hosts: Object.keys(inventory.hosts),
    },
    d.now(),
  )
  d.host.log.info({ rollout: id, commit: sha, hosts: Object.keys(inventory.hosts) }, 'fleet rollout started')
  await advanceRollout(d, store, id, sha)
  return (await store.get(id))!
}

/** Enqueue the hosts the rollout may run next; each job is idempotent per rollout and host. */
async function advanceRollout(
  d: RolloutDeps,
  store: RolloutStore,
  id: number,
  commit: string,
): Promise<void> {
  const queue = d.host.maybeUse('queue')
  if (!queue) throw E.SERVICE_MISSING({ plugin: 'deploy (fleet)', service: 'queue' })
  for (const host of await store.advance(id, d.now())) {
    const args: StepArgs = { rollout: id, host, commit }
    const jobId = await queue.enqueue(FLEET_TASK, args, { idempotencyKey: `fleet:${id}:${host}`, retries: 0 })
    await store.setHost(id, host, { state: 'queued', jobId }, d.now(), ['queued'])
  }
}

/** Whether `host` beats (its `hosts` row is live); without the hosts plugin, assumed so. */
async function targetLive(d: RolloutDeps, host: string): Promise<boolean> {
  const hosts = d.host.maybeUse('hosts')
  if (!hosts) return true
  return (await hosts.list(d.now())).some((h) => h.id === host && h.state === 'live')
}

/** The `deploy.fleet_host` handler. */
export async function runFleetStep(d: RolloutDeps, args: StepArgs, _ctx?: JobContext): Promise<unknown> {
  if (args.host !== d.hostId)
    throw new JobDeferred({
      until: d.now() + ((await targetLive(d, args.host)) ? DEFER_MS : IDLE_DEFER_MS),
      reason: `waits for host ${args.host}`,
      key: `fleet:${args.host}`,
    })
  const store = await d.rollouts()
  // At least once: a step run again after a lost lease deploys again (a converged host is "unchanged").
  if (
    !(await store.setHost(args.rollout, args.host, { state: 'deploying' }, d.now(), [
      'queued',
      'pending',
      'deploying',
    ]))
  )
    return { skipped: true }
  let generation: number | null
  try {
    const report = await deployHost(d, args.commit)
    generation = report.generation
    await store.setHost(args.rollout, args.host, { state: 'done', generation, error: null }, d.now(), [
      'deploying',
    ])
  } catch (err) {
    const e = err as Error & { code?: string }
    const error = { ...(e.code ? { code: e.code } : {}), message: e.message.split('\n')[0]!.slice(0, 500) }
    await store.setHost(args.rollout, args.host, { state: 'failed', error }, d.now(), ['deploying'])
    d.host.log.error({ rollout: args.rollout, host: args.host, err: e.message }, 'fleet rollout: host failed')
    await advanceRollout(d, store, args.rollout, args.commit)
    throw err
  }
  await advanceRollout(d, store, args.rollout, args.commit)
  return { generation }
}

import type { RunReport } from '../../../core/hooks.js'
import { E } from '../errors.js'
import { laneAllows } from '../load-lanes.js'
import type { LoadedPlaybook } from '../load-playbook.js'
import { runPlaybook } from '../run-playbook.js'
import type { RunRequest } from '../service.js'
import { loadPlaybookCached } from './load-playbook-cached.js'
import { openReports } from './open-reports.js'
import type { PlaybooksState } from './service-state.js'

/** Run a playbook within its lane's repos and concurrency limit, on the pool; store the report unless told not to. */
export async function runServicePlaybook(
  state: PlaybooksState,
  ref: string | LoadedPlaybook,
  request: RunRequest = {},
): Promise<RunReport> {
  const { host, options, gate } = state
  const pb = typeof ref === 'string' ? await loadPlaybookCached(state, ref) : ref
  if (request.item?.repo && !laneAllows(pb.lane, request.item.repo))
    throw E.PLAYBOOK_REPO_NOT_ALLOWED(
      { lane: pb.lane.name, repo: request.item.repo, allowed: pb.lane.repos.join(', ') },
      { exitCode: 1 },
    )
  const pool = host.maybeUse('pool')
  if (!pool) throw E.PLUGIN_MISSING_DEPENDENCY({ plugin: 'playbooks', dependency: 'pool' })
  await gate.acquire(pb.lane.name, pb.lane.maxConcurrent)
  let report: RunReport
  try {
    report = await runPlaybook(
      pb,
      {
        ...(request.item ? { item: request.item } : {}),
        ...(request.with ? { with: request.with } : {}),
        dryRun: !request.apply,
        ...(request.requireHandlers !== undefined ? { requireHandlers: request.requireHandlers } : {}),
        ...(request.stubs ? { stubs: request.stubs } : {}),
        ...(request.replace ? { replace: request.replace } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(options.stepTimeoutMs ? { stepTimeoutMs: options.stepTimeoutMs } : {}),
      },
      {
        hooks: host.hooks,
        pool,
        effects: host.effects,
        ...(host.checkEffect ? { checkEffect: host.checkEffect } : {}),
      },
    )
  } finally {
    gate.release(pb.lane.name)
  }
  if (request.store !== false) await (await openReports(state)).save(report)
  return report
}

/** The `deploy.fleet` service over a plugin host: rollouts kept where the queue is, steps on the queue. */
import { hostname } from 'node:os'
import type { PluginHost } from '../../../core/plugin.js'
import type { DeploySettings } from '../config-schema.js'
import type { DeployService } from '../service.js'
import { deployHost } from './deploy-host.js'
import { readFleetStatus } from './fleet-status.js'
import { openRollouts } from './open-rollouts.js'
import type { RolloutStore } from './rollout-store.js'
import { type RolloutDeps, runFleetStep, type StepArgs, startRollout } from './run-rollout.js'
import type { FleetService } from './types.js'

export function createFleetService(
  host: PluginHost,
  settings: DeploySettings,
  deploy: DeployService,
): FleetService & { runStep(args: StepArgs): Promise<unknown> } {
  let opened: Promise<RolloutStore> | undefined
  // An unreachable server is tried again at the next call.
  const forget = (err: unknown): never => {
    opened = undefined
    throw err
  }
  const deps = (): RolloutDeps => ({
    host,
    settings,
    deploy,
    hostId: hostId(),
    rollouts: () => (opened ??= openRollouts(host).catch(forget)),
    now: Date.now,
  })
  const hostId = () => host.maybeUse('hosts')?.id ?? hostname()
  return {
    get hostId() {
      return hostId()
    },
    start: (commit) => startRollout(deps(), commit),
    get: async (id) => (await deps().rollouts()).get(id),
    list: async (limit = 20) => (await deps().rollouts()).list(limit),
    status: async () =>
      readFleetStatus(
        await deps().rollouts(),
        { id: hostId(), live: () => deploy.live() },
        host.maybeUse('hosts'),
      ),
    deployHost: (commit) => deployHost(deps(), commit),
    runStep: (args) => runFleetStep(deps(), args),
  }
}

/**
 * Offer the `deploy.fleet` service and the `deploy.fleet_host` task at setup; their bodies
 * (fleet-service.ts and what it imports) load on the first call, so a boot stays small.
 */
import { hostname } from 'node:os'
import type { PluginHost } from '../../../core/plugin.js'
import type { DeploySettings } from '../config-schema.js'
import type { DeployService } from '../service.js'
import type { StepArgs } from './run-rollout.js'
import type { FleetService } from './types.js'

export function provideFleet(
  host: PluginHost,
  settings: DeploySettings,
  deploy: DeployService,
): FleetService {
  let body: ReturnType<typeof import('./fleet-service.js')['createFleetService']> | undefined
  const load = async () =>
    (body ??= (await import('./fleet-service.js')).createFleetService(host, settings, deploy))
  const fleet: FleetService = {
    get hostId() {
      return host.maybeUse('hosts')?.id ?? hostname()
    },
    start: async (commit) => (await load()).start(commit),
    get: async (id) => (await load()).get(id),
    list: async (limit) => (await load()).list(limit),
    status: async () => (await load()).status(),
    deployHost: async (commit) => (await load()).deployHost(commit),
  }
  host.provide('deploy.fleet', fleet)
  host.registerTask({
    name: 'deploy.fleet_host',
    description:
      "One host's step of a fleet rollout (pull, pre-flight, validate, deploy); other hosts defer it",
    retries: 0,
    handler: async (args) => (await load()).runStep(args as StepArgs),
  })
  return fleet
}

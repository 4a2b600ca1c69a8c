/**
 * hosts: the fleet. Each `timmy serve` registers itself in the `hosts` table (id, version, live
 * generation, wizards) and beats; the `hosts` service lists every host sharing the store (one
 * PostgreSQL `store.url` for a fleet) as live, silent or stopped, and the `hosts.check` task alerts
 * once on a silent host the way deadman alerts on a silent wizard. Status and metrics show the fleet.
 */
import { definePlugin } from '../../core/plugin.js'
import { HostsOptionsSchema } from './options.js'

export type * from './types.js'

export default definePlugin({
  name: 'hosts',
  version: '0.1.0',
  provides: ['hosts'],
  description: 'The fleet: each timmy serve registers and beats; silent hosts are alerted on.',
  optionalDependencies: ['deploy', 'deadman', 'gitea', 'queue'],
  // with store.url its table lives on the fleet's PostgreSQL server, on the postgres service's pool
  optionalNeeds: ['postgres'],
  options: HostsOptionsSchema,
  async setup(host, options) {
    const { setupHosts } = await import('./setup.js')
    return setupHosts(host, options)
  },
})

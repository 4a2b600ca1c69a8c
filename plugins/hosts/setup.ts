/** The hosts plugin's setup (index.ts imports it when the host sets the plugin up). */
import type { PluginHost } from '../../core/plugin.js'
import { createHostsService } from './create-hosts-service.js'
import { defaultHostId } from './host-id.js'
import type { HostsOptions } from './options.js'
import { tapServe } from './tap-serve.js'

export function setupHosts(host: PluginHost, options: HostsOptions): void {
  const id = options.id ?? defaultHostId(host.paths.home)
  const silentAfterMs = (options.silentAfterSeconds ?? 3 * options.beatSeconds) * 1000
  const { service, close } = createHostsService(host, options, id, silentAfterMs)
  host.provide('hosts', service)
  host.onClose(close)
  host.registerTask({
    name: 'hosts.check',
    description: 'Alert once on each host of the fleet that stopped beating (hosts).',
    schedule: checkSchedule(options.beatSeconds),
    catchUp: 'skip',
    handler: async () => (await service.check()).map((a) => `${a.host}: ${a.delivered}`),
  })
  tapServe(host, service, options.beatSeconds)
}

/** Every `beatSeconds` when that divides a minute, else every minute. */
function checkSchedule(beatSeconds: number): string {
  return beatSeconds < 60 && 60 % beatSeconds === 0 ? `*/${beatSeconds} * * * * *` : '* * * * *'
}

/**
 * The fleet-wide check (the `hosts.check` task): each host silent for `silentAfterMs`, running and not
 * yet alerted is claimed (a compare-and-swap on its row, so one checker wins however many run) and
 * alerted once. Its next beat clears the mark; a later silence alerts again.
 */
import type { PluginHost } from '../../core/plugin.js'
import type { HostsStore } from './hosts-store.js'
import type { HostsOptions } from './options.js'
import { alertTarget, raiseHostAlert } from './raise-host-alert.js'
import { stateOf } from './state-of.js'
import type { HostAlert } from './types.js'

export async function checkSilent(
  host: Pick<PluginHost, 'log' | 'applyEffect' | 'handlesEffect' | 'config'>,
  store: HostsStore,
  options: HostsOptions,
  silentAfterMs: number,
  now: number,
): Promise<HostAlert[]> {
  const alerts: HostAlert[] = []
  for (const row of await store.list()) {
    if (row.alertedAt !== null || stateOf(row, now, silentAfterMs) !== 'silent') continue
    if (!(await store.claimAlert(row.id, now, now - silentAfterMs))) continue
    alerts.push(await raiseHostAlert(host, row, now, alertTarget(host, options)))
  }
  return alerts
}

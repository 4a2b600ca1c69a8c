/**
 * One host's step of a rollout: pull the commit into this host's working copy (the operator's
 * `webhook.remote`, never a payload's URL) → read the inventory → the banned-provider pre-flight for
 * this host (a hit fails it, nothing written) → deploy the overlay rendered with its values.
 */
import { join } from 'node:path'
import type { PluginHost } from '../../../core/plugin.js'
import type { DeploySettings } from '../config-schema.js'
import { E } from '../errors.js'
import { pullConfigRepo } from '../pull-config-repo.js'
import type { DeployReport } from '../run-deploy.js'
import type { DeployService } from '../service.js'
import { checkBannedProviders } from './check-banned-providers.js'
import { requireInventory } from './read-inventory.js'
import { renderHostOverlay } from './render-host-overlay.js'

export interface FleetDeps {
  host: Pick<PluginHost, 'paths' | 'maybeUse' | 'use' | 'config' | 'store' | 'log'>
  settings: DeploySettings
  deploy: DeployService
  hostId: string
}

export const workdirOf = (d: FleetDeps) =>
  d.settings.webhook.workdir ?? join(d.host.paths.home, 'config-repo')

/** Bring this host's working copy to `commit`; returns the full sha. */
export async function pullCommit(d: FleetDeps, commit: string): Promise<string> {
  const { remote, branch } = d.settings.webhook
  if (!remote) throw E.FLEET_NO_REMOTE(undefined, { exitCode: 2 })
  return pullConfigRepo({ workdir: workdirOf(d), remote, branch, commit, hermes: d.host.use('hermes') })
}

export async function deployHost(d: FleetDeps, commit: string): Promise<DeployReport & { sha: string }> {
  const sha = await pullCommit(d, commit)
  const source = workdirOf(d)
  const loaded = requireInventory(source)
  const entry = loaded.inventory.hosts[d.hostId]
  if (!entry)
    throw E.FLEET_HOST_NOT_IN_INVENTORY(
      { host: d.hostId, known: Object.keys(loaded.inventory.hosts).join(', ') },
      { loc: loaded.source.locate(['hosts']), exitCode: 2 },
    )
  checkBannedProviders(loaded, d.hostId, d.host.maybeUse('policy')?.bannedProviders() ?? [])
  const hermes = d.host.use('hermes')
  const report = await d.deploy.deploy({
    source,
    commit: sha,
    render: (overlay) => renderHostOverlay(overlay, hermes, d.hostId, entry),
  })
  return { ...report, sha }
}

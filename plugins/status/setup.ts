/** The status plugin's setup (index.ts imports it when the host sets the plugin up). */
import type { Static } from '@sinclair/typebox'
import { STAGE } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import { cacheFreshness } from './cache-freshness.js'
import { cacheGitea } from './cache-gitea.js'
import { createEventCounter } from './event-minutes.js'
import type { StatusOptions } from './options.js'
import { tapServe } from './tap-serve.js'
import type { StatusService } from './types.js'

/** How long a drift report is reused; `timmy serve` refreshes it sooner, off the request path. */
const DRIFT_MAX_AGE_MS = 30_000

// Gathering (every section's reader) loads on the first snapshot.
let gatherBody: Promise<typeof import('./gather-status.js')> | undefined
const loadGather = () => (gatherBody ??= import('./gather-status.js'))
let giteaBody: Promise<typeof import('./gather-gitea.js')> | undefined
const loadGitea = () => (giteaBody ??= import('./gather-gitea.js'))

export function setupStatus(host: PluginHost, options: Static<typeof StatusOptions>): void {
  const drift = cacheFreshness(() => host.maybeUse('deploy')?.freshness(), DRIFT_MAX_AGE_MS)
  const gitea = cacheGitea(
    async () => (await loadGitea()).gatherGitea({ maybeUse: (n) => host.maybeUse(n) }),
    options.giteaTtlMs,
  )
  const service: StatusService = {
    snapshot: async (opts = {}) =>
      (await loadGather()).gatherStatus(
        {
          maybeUse: (n) => host.maybeUse(n),
          store: () => host.store(),
          pluginNames: () => (host.plugins?.() ?? []).map((p) => p.name),
          freshness: (now) => drift.get(now),
          gitea: (now) => gitea.get(now),
        },
        { now: opts.now ?? Date.now(), gitea: opts.gitea ?? false },
      ),
  }
  host.provide('status', service)
  const counter = createEventCounter()
  host.hooks.hermesEvent.tap({ name: 'status', stage: STAGE.observe }, () => counter.count(Date.now()))
  tapServe(host, service, drift, counter, options.snapshotTtlMs)
}

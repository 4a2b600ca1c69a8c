import { Type as T } from '@sinclair/typebox'
import { STAGE } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import { cacheFreshness } from './cache-freshness.js'
import { cacheGitea } from './cache-gitea.js'
import { commands } from './commands/index.js'
import { createEventCounter } from './event-minutes.js'
import { gatherGitea } from './gather-gitea.js'
import { gatherStatus } from './gather-status.js'
import { registerStatusRoutes } from './routes.js'
import type { StatusService } from './types.js'

export type * from './types.js'

const FLUSH_MS = 15_000
/** How long a drift report is reused; `timmy serve` refreshes it sooner, off the request path. */
const DRIFT_MAX_AGE_MS = 30_000

export const StatusOptions = T.Object(
  {
    giteaTtlMs: T.Integer({
      minimum: 0,
      default: 60_000,
      description: 'How long the Gitea section of the status page and `timmy status` is reused (ms).',
    }),
  },
  { additionalProperties: false, default: {} },
)

export default definePlugin({
  name: 'status',
  version: '0.1.0',
  provides: ['status'],
  description: "The operators' view: `timmy status` and the status page at / of `timmy serve`.",
  optionalDependencies: [
    'queue',
    'budget',
    'deadman',
    'deploy',
    'bridge',
    'gitea',
    'housekeeping',
    'playbooks',
  ],
  options: StatusOptions,
  commands,
  setup(host, options) {
    const drift = cacheFreshness(() => host.maybeUse('deploy')?.freshness(), DRIFT_MAX_AGE_MS)
    const gitea = cacheGitea(() => gatherGitea({ maybeUse: (n) => host.maybeUse(n) }), options.giteaTtlMs)
    const service: StatusService = {
      snapshot: (opts = {}) =>
        gatherStatus(
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

    host.hooks.serve.tapPromise('status', async ({ app }) => {
      registerStatusRoutes(app, service)
      drift.refresh(Date.now())
      let lastVetoes = host.maybeUse('bridge')?.stats().vetoes ?? 0
      const flush = async () => {
        const now = Date.now()
        const vetoes = host.maybeUse('bridge')?.stats().vetoes ?? 0
        if (vetoes > lastVetoes) counter.vetoes(vetoes - lastVetoes, now)
        lastVetoes = vetoes
        const queue = host.maybeUse('queue')
        const depth = queue
          ? (await queue.overview({ now, since: now })).counts
              .filter((c) => c.state === 'queued')
              .reduce((s, c) => s + c.n, 0)
          : undefined
        counter.flush(await host.store(), now, depth)
      }
      const timer = setInterval(() => {
        drift.refresh(Date.now())
        flush().catch((err) =>
          host.log.warn({ err: String(err) }, 'status: could not record events per minute'),
        )
      }, FLUSH_MS)
      timer.unref()
      host.onClose(async () => {
        clearInterval(timer)
        await flush().catch(() => {})
      })
      await flush().catch((err) =>
        host.log.warn({ err: String(err) }, 'status: could not record events per minute'),
      )
    })
  },
})

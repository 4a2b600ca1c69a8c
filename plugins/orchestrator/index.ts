/**
 * The orchestrator: the singleton coordinator loop (`timmy orchestrate`) — at most one per store,
 * held by a lease in the store — and `timmy dispatch <owner/repo> <issue>` for one item by hand.
 */
import { hostname } from 'node:os'
import { Type } from '@sinclair/typebox'
import { definePlugin } from '../../core/plugin.js'
import { resolveLanes } from '../triage/lanes.js'
import { triageSource } from '../triage/source.js'
import { commands } from './commands/index.js'
import { dispatchLog, migrateDispatchLog } from './dispatch-log.js'
import { E } from './errors.js'
import { gatePull } from './gate-pull.js'
import { migrateLeases } from './lease.js'
import type { GateEffect } from './steps.js'
import type { TickOptions } from './tick.js'
import type { OrchestratorService } from './types.js'

export type * from './types.js'

const Options = Type.Object(
  {
    repos: Type.Array(Type.String({ pattern: '^[^/\\s]+/[^/\\s]+$' }), {
      default: [],
      description: 'repositories to coordinate (default: the triage plugin’s)',
    }),
    intervalMs: Type.Integer({ minimum: 100, default: 60_000 }),
    leaseTtlMs: Type.Integer({ minimum: 500, default: 30_000 }),
    confirm: Type.Boolean({
      default: false,
      description: 'change Gitea and run agents (otherwise each tick only plans)',
    }),
    signOffLabel: Type.String({ default: 'approved' }),
    lanes: Type.Record(
      Type.String(),
      Type.Object({
        agent: Type.String(),
        maxConcurrent: Type.Optional(Type.Integer({ minimum: 0 })),
        repos: Type.Optional(Type.Array(Type.String())),
      }),
      { default: {} },
    ),
    graceMs: Type.Integer({
      minimum: 0,
      default: 10_000,
      description: 'how long a stop waits for running dispatches',
    }),
  },
  { additionalProperties: false },
)

export interface OrchestratorContext {
  holder: string
  options: typeof Options.static
  tickOptions(now: number, confirm: boolean): Promise<TickOptions>
}

export default definePlugin({
  name: 'orchestrator',
  version: '1.0.0',
  // its gate effect merges or comments through the Gitea effects
  effects: { emits: ['gitea.pr.merge', 'gitea.comment'] },
  description:
    'The coordinator loop: intake → triage → route → dispatch → track → verify (the merge gate) → report',
  options: Options,
  optionalDependencies: ['triage', 'dispatch', 'gitea', 'playbooks', 'policy'],
  provides: ['orchestrator'],
  commands,
  steps: new URL('./steps.js', import.meta.url),
  setup(host, options) {
    const ctx: OrchestratorContext = {
      holder: `${hostname()}:${process.pid}`,
      options,
      async tickOptions(now, confirm) {
        const store = await host.store()
        migrateDispatchLog(store)
        const triageOpts = (host.config.pluginOptions.triage ?? {}) as {
          repos?: string[]
          lanes?: Record<string, { agent: string }>
        }
        const repos = options.repos.length ? options.repos : (triageOpts.repos ?? [])
        const gitea = host.maybeUse('gitea')
        return {
          repos,
          lanes: resolveLanes(
            host,
            Object.keys(options.lanes).length ? options.lanes : (triageOpts.lanes ?? {}),
          ),
          source: triageSource(host, 'the orchestrator'),
          log: dispatchLog(store),
          confirm,
          signOffLabel: options.signOffLabel,
          now,
          ...(gitea ? { gate: { gitea, policy: host.maybeUse('policy') } } : {}),
        }
      },
    }
    const service: OrchestratorService = {
      context: ctx,
      host,
      migrate: async () => migrateLeases(await host.store()),
    }
    host.provide('orchestrator', service)
    // The gate as a playbook step's effect: judged on the main thread, its merge or comment applied.
    host.registerEffect('orchestrator.gate', async (effect) => {
      const { repo, pull } = effect as GateEffect
      const gitea = host.maybeUse('gitea')
      if (!gitea) throw E.PLUGIN_MISSING_DEPENDENCY({ plugin: 'orchestrator', dependency: 'gitea' })
      const v = await gatePull(
        { gitea, policy: host.maybeUse('policy'), signOffLabel: options.signOffLabel },
        repo,
        pull,
      )
      for (const e of v.effects) await host.applyEffect(e)
      return { repo, pull, action: v.action, failed: v.failed }
    })
  },
})

export { dispatchLog }

/**
 * The orchestrator plugin's setup (index.ts imports it when the host sets the plugin up). The service's
 * methods and the gate's effect handler import their code when first called.
 */
import { hostname } from 'node:os'
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { DispatchLog } from './dispatch-log.js'
import { E } from './errors.js'
import type { OrchestratorContext } from './index.js'
import type { OrchestratorOptionsSchema } from './options.js'
import type { GateEffect } from './steps.js'
import type { OrchestratorService } from './types.js'

type Options = Static<typeof OrchestratorOptionsSchema>

export function setupOrchestrator(host: PluginHost, options: Options): void {
  let leases: ReturnType<OrchestratorService['leases']> | undefined
  const service: OrchestratorService = {
    context: orchestratorContext(host, options),
    host,
    leases() {
      leases ??= import('./lease.js').then(({ openLeases }) => openLeases(host))
      leases.catch(() => (leases = undefined)) // an unreachable server is tried again next time
      return leases
    },
  }
  host.provide('orchestrator', service)
  // The gate as a playbook step's effect: judged on the main thread, its merge or comment applied.
  host.registerEffect('orchestrator.gate', async (effect) => {
    const { repo, pull } = effect as GateEffect
    const gitea = host.maybeUse('gitea')
    if (!gitea) throw E.PLUGIN_MISSING_DEPENDENCY({ plugin: 'orchestrator', dependency: 'gitea' })
    const { gatePull } = await import('./gate-pull.js')
    const v = await gatePull(
      { gitea, policy: host.maybeUse('policy'), signOffLabel: options.signOffLabel },
      repo,
      pull,
    )
    for (const e of v.effects) await host.applyEffect(e)
    return { repo, pull, action: v.action, failed: v.failed }
  })
}

/** The loop's lease holder, the options, and each tick's inputs (repos and lanes: the orchestrator's, else triage's). */
function orchestratorContext(host: PluginHost, options: Options): OrchestratorContext {
  let log: Promise<DispatchLog> | undefined
  return {
    holder: `${hostname()}:${process.pid}`,
    options,
    async tickOptions(now, confirm) {
      const [{ resolveLanes }, { triageSource }, { openDispatchLog }] = await Promise.all([
        import('../triage/lanes.js'),
        import('../triage/source.js'),
        import('./dispatch-log.js'),
      ])
      log ??= openDispatchLog(host)
      log.catch(() => (log = undefined))
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
        log: await log,
        confirm,
        signOffLabel: options.signOffLabel,
        now,
        ...(gitea ? { gate: { gitea, policy: host.maybeUse('policy') } } : {}),
      }
    },
  }
}

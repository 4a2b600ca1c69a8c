/**
 * The `triage` service: the rules in force (compiled once, on first use), sweeps, the doctor's lines.
 * The rules' compiler and the sweep are imported on the first call (triage-body.ts).
 */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { CompiledRules } from './compile-rules.js'
import type { TriageService } from './index.js'
import type { LaneInfo } from './lanes.js'
import type { TriageOptionsSchema } from './options.js'
import type { OrphanPolicy, StalePolicy } from './plan-sweep.js'
import { sweepChecks } from './sweep-checks.js'

let body: Promise<typeof import('./triage-body.js')> | undefined
/** The service's code, imported once. */
export const loadTriageBody = () => (body ??= import('./triage-body.js'))

export function createTriageService(
  host: PluginHost,
  options: Static<typeof TriageOptionsSchema>,
  lanes: () => LaneInfo[],
): TriageService {
  let compiled: CompiledRules | undefined
  const rules = async (): Promise<CompiledRules> => {
    if (compiled) return compiled
    const { compileServiceRules } = await loadTriageBody()
    compiled ??= compileServiceRules(
      options,
      lanes().map((l) => l.name),
    )
    return compiled
  }
  const stale: StalePolicy = options.stale
  const orphans: OrphanPolicy = options.orphans
  return {
    rules,
    doctor: () => sweepChecks(options),
    async sweep(o = {}) {
      const only = o.only
      const r = !only || only === 'rules' ? await rules() : undefined
      const { runSweep, triageSource } = await loadTriageBody()
      return runSweep(host, host.log, {
        repos: o.repos ?? options.repos,
        source: triageSource(host, 'a triage sweep'),
        ...(r ? { rules: r } : {}),
        ...(options.stale.enabled && (!only || only === 'stale') ? { stale } : {}),
        ...(options.orphans.enabled && (!only || only === 'orphans') ? { orphans } : {}),
        lanes: lanes(),
        ceiling: o.ceiling ?? options.ceiling,
        confirm: o.confirm ?? false,
        now: o.now ?? Date.now(),
      })
    },
  }
}

/** The `triage` service: the rules in force (compiled once, on first use), sweeps, the doctor's lines. */
import { resolve } from 'node:path'
import type { Static } from '@sinclair/typebox'
import { loadYamlFile } from '../../core/config/yaml-source.js'
import type { PluginHost } from '../../core/plugin.js'
import { type CompiledRules, compileRules, compileRulesFile } from './compile-rules.js'
import { defaultRules } from './default-rules.js'
import type { TriageService } from './index.js'
import type { LaneInfo } from './lanes.js'
import type { TriageOptionsSchema } from './options.js'
import type { OrphanPolicy, StalePolicy } from './plan-sweep.js'
import { runSweep } from './run-sweep.js'
import { triageSource } from './source.js'
import { sweepChecks } from './sweep-checks.js'

export function createTriageService(
  host: PluginHost,
  options: Static<typeof TriageOptionsSchema>,
  lanes: () => LaneInfo[],
): TriageService {
  let compiled: CompiledRules | undefined
  const rules = (): CompiledRules | undefined => {
    if (compiled) return compiled
    const laneNames = lanes().map((l) => l.name)
    if (options.rulesFile)
      compiled = compileRulesFile(
        loadYamlFile(resolve(options.rulesFile)),
        laneNames.length ? laneNames : undefined,
      )
    else if (options.rules !== undefined)
      compiled = compileRules(options.rules, laneNames.length ? { lanes: laneNames } : {})
    else compiled = compileRules(defaultRules(laneNames), laneNames.length ? { lanes: laneNames } : {})
    return compiled
  }
  const stale: StalePolicy = options.stale
  const orphans: OrphanPolicy = options.orphans
  return {
    rules,
    doctor: () => sweepChecks(options),
    async sweep(o = {}) {
      const only = o.only
      const r = !only || only === 'rules' ? rules() : undefined
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

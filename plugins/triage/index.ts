/**
 * The triage plugin: rules that label, prioritise, route (assign by lane) and comment; periodic sweeps
 * for stale and orphaned work with a ceiling per run, dry by default (`--confirm` to change Gitea).
 * Without configured rules it uses ./default-rules.ts; `timmy doctor` warns while scheduled sweeps
 * are dry.
 */
import { resolve } from 'node:path'
import { Type } from '@sinclair/typebox'
import { loadYamlFile } from '../../core/config/yaml-source.js'
import type { DoctorCheck } from '../../core/doctor-check.js'
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { type CompiledRules, compileRules, compileRulesFile } from './compile-rules.js'
import { defaultRules } from './default-rules.js'
import { resolveLanes } from './lanes.js'
import type { OrphanPolicy, StalePolicy } from './plan-sweep.js'
import { runSweep, type SweepResult } from './run-sweep.js'
import { triageSource } from './source.js'

export interface TriageService {
  /** Plan (confirm: false) or apply one sweep. */
  sweep(options?: {
    confirm?: boolean
    ceiling?: number
    repos?: string[]
    now?: number
    only?: 'rules' | 'stale' | 'orphans'
  }): Promise<SweepResult>
  rules(): CompiledRules | undefined
  /** `timmy doctor` lines: a warning while scheduled sweeps are dry or have no repositories. */
  doctor(): DoctorCheck[]
}

const Options = Type.Object(
  {
    repos: Type.Array(Type.String({ pattern: '^[^/\\s]+/[^/\\s]+$', description: 'owner/repo' }), {
      default: [],
    }),
    rulesFile: Type.Optional(Type.String({ description: 'a YAML rule set, relative to the working folder' })),
    rules: Type.Optional(Type.Unknown({ description: 'an inline rule set (same shape as a rules file)' })),
    ceiling: Type.Integer({ minimum: 1, default: 20, description: 'most issues changed by one sweep' }),
    confirm: Type.Boolean({ default: false, description: 'scheduled sweeps change Gitea only when true' }),
    stale: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        daysUntilStale: Type.Integer({ minimum: 1, default: 60 }),
        daysUntilClose: Type.Integer({ minimum: 1, default: 14 }),
        staleLabel: Type.String({ default: 'stale' }),
        markComment: Type.String({
          default:
            'This issue has had no activity for a while and is marked stale. It will be closed if nothing happens; comment to keep it open.',
        }),
        closeComment: Type.String({
          default: 'Closed after a long time without activity. Reopen it if it still matters.',
        }),
        exemptLabels: Type.Array(Type.String(), {
          default: ['pinned', 'security', 'lifecycle/frozen', 'keep-open'],
        }),
        priorityPrefix: Type.String({ default: 'priority/' }),
        triagedLabel: Type.String({ default: 'triaged' }),
        exemptMilestones: Type.Boolean({ default: true }),
        exemptLinkedPulls: Type.Boolean({ default: true }),
      },
      { additionalProperties: false, default: {} },
    ),
    orphans: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        hours: Type.Number({ exclusiveMinimum: 0, default: 72 }),
        comment: Type.String({
          default:
            'Unassigned {{agents}}: no activity on this issue for more than {{hours}} hours. It goes back to the queue.',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    lanes: Type.Record(
      Type.String(),
      Type.Object(
        {
          agent: Type.String(),
          maxConcurrent: Type.Optional(Type.Integer({ minimum: 0 })),
          repos: Type.Optional(Type.Array(Type.String())),
        },
        { additionalProperties: false },
      ),
      { default: {}, description: 'lanes when playbooks/lanes.yaml is not loaded' },
    ),
    schedule: Type.Object(
      { sweep: Type.String({ default: '*/5 * * * *' }), orphans: Type.String({ default: '*/30 * * * *' }) },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
)

export default definePlugin({
  name: 'triage',
  version: '1.0.0',
  provides: ['triage'],
  description: 'Triage rules, stale and orphaned-work sweeps with a ceiling, dry by default',
  options: Options,
  optionalDependencies: ['gitea', 'playbooks'],
  steps: new URL('./steps.js', import.meta.url),
  commands,
  setup(host, options) {
    let compiled: CompiledRules | undefined
    const lanes = () => resolveLanes(host, options.lanes)
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
    const service: TriageService = {
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
    // Scheduled sweeps do nothing (and say so once, in the log) until repositories are configured,
    // so a fresh `timmy serve` does not fill the queue with failing jobs.
    let said = false
    const scheduled = async (run: () => Promise<unknown>) => {
      if (options.repos.length === 0) {
        if (!said)
          host.log.info(
            'triage: no repositories configured (pluginOptions.triage.repos); scheduled sweeps skip',
          )
        said = true
        return { skipped: 'no repositories configured' }
      }
      return run()
    }
    host.provide('triage', service)
    host.registerTask({
      name: 'triage.sweep',
      description: 'stale sweep and triage of new issues',
      schedule: options.schedule.sweep,
      catchUp: 'latest',
      handler: () => scheduled(() => service.sweep({ confirm: options.confirm })),
    })
    host.registerTask({
      name: 'triage.orphan_work_cleanup',
      description: 'unassign agents from issues idle past the limit',
      schedule: options.schedule.orphans,
      catchUp: 'latest',
      handler: () => scheduled(() => service.sweep({ confirm: options.confirm, only: 'orphans' })),
    })
    host.registerValidator({
      name: 'triage rules',
      match: (path) => /(^|\/)triage-rules\.ya?ml$/.test(path),
      validate: (source) => {
        const names = lanes().map((l) => l.name)
        compileRulesFile(source, names.length ? names : undefined)
      },
    })
  },
})

/** The doctor's view of the scheduled sweeps: dry (confirm off) or without repositories → a warning. */
function sweepChecks(options: {
  confirm: boolean
  repos: string[]
  schedule: { sweep: string }
}): DoctorCheck[] {
  const problems: string[] = []
  if (!options.confirm)
    problems.push(
      'scheduled sweeps are dry: they plan labels, routing and stale marks but change nothing in Gitea; turn them on with pluginOptions.triage.confirm: true',
    )
  if (options.repos.length === 0)
    problems.push('no repositories to sweep: list them in pluginOptions.triage.repos')
  if (problems.length === 0)
    return [
      {
        name: 'triage',
        ok: true,
        detail: `sweeps ${options.repos.join(', ')} on "${options.schedule.sweep}", applied`,
      },
    ]
  return [{ name: 'triage', ok: false, advisory: true, detail: problems.join('; ') }]
}

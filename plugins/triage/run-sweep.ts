/** One sweep: read every configured repository, plan, and (only with confirm) apply through effect handlers. */

import type { PluginHost } from '../../core/plugin.js'
import type { CompiledRules } from './compile-rules.js'
import { E } from './errors.js'
import type { LaneInfo } from './lanes.js'
import { type OrphanPolicy, planSweep, type StalePolicy, type SweepPlan } from './plan-sweep.js'
import type { TriageSource } from './source.js'
import type { TriageIssue, TriagePull } from './types.js'

export interface SweepOptions {
  repos: readonly string[]
  source: TriageSource
  rules?: CompiledRules
  stale?: StalePolicy
  orphans?: OrphanPolicy
  lanes: readonly LaneInfo[]
  ceiling: number
  confirm: boolean
  now: number
}

export interface SweepResult extends SweepPlan {
  confirm: boolean
  applied: number
}

export async function runSweep(
  host: Pick<PluginHost, 'applyEffect' | 'handlesEffect'>,
  log: PluginHost['log'],
  options: SweepOptions,
): Promise<SweepResult> {
  const issues: TriageIssue[] = []
  const pulls: TriagePull[] = []
  for (const repo of options.repos) {
    issues.push(...(await options.source.listOpenIssues(repo)))
    pulls.push(...(await options.source.listOpenPulls(repo)))
  }
  const plan = planSweep({
    issues,
    pulls,
    now: options.now,
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.stale ? { stale: options.stale } : {}),
    ...(options.orphans ? { orphans: options.orphans } : {}),
    laneAgents: Object.fromEntries(options.lanes.map((l) => [l.name, l.agent])),
    laneRepos: Object.fromEntries(options.lanes.map((l) => [l.name, l.repos])),
    ceiling: options.ceiling,
  })
  let applied = 0
  if (options.confirm) {
    // Check every kind first, so a missing handler fails before anything is written.
    for (const kind of new Set(plan.changes.flatMap((c) => c.effects.map((e) => e.kind)))) {
      if (!host.handlesEffect(kind)) throw E.TRIAGE_NO_SOURCE({ what: `applying ${kind}` })
    }
    for (const change of plan.changes) {
      for (const effect of change.effects) {
        await host.applyEffect(effect)
        applied++
      }
      log.info({ repo: change.repo, issue: change.issue, reason: change.reason }, 'triage changed an issue')
    }
  }
  return { ...plan, confirm: options.confirm, applied }
}

export function formatPlan(result: SweepResult): string {
  const lines = [
    `${result.confirm ? 'Changed' : 'Would change'} ${result.changes.length} of ${result.examined} open issues${result.deferred ? ` (${result.deferred} more left for later runs by the ceiling)` : ''}${result.confirm ? '' : ' — dry run: nothing was written; add --confirm to apply'}.`,
  ]
  for (const c of result.changes) {
    lines.push(`  ${c.repo}#${c.issue}  ${c.title.slice(0, 60)}`)
    lines.push(`      ${c.reason}`)
    for (const e of c.effects) lines.push(`      → ${describeEffect(e)}`)
  }
  if (result.exempted.length)
    lines.push(
      `Protected from stale closing: ${result.exempted.length} issue(s) (priority, triaged, milestone, linked PR or exempt label).`,
    )
  return lines.join('\n')
}

function describeEffect(e: SweepResult['changes'][number]['effects'][number]): string {
  switch (e.kind) {
    case 'gitea.label':
      return `add labels ${e.labels.join(', ')}`
    case 'gitea.unlabel':
      return `remove labels ${e.labels.join(', ')}`
    case 'gitea.assign':
      return e.assignees.length ? `set assignees ${e.assignees.join(', ')}` : 'clear assignees'
    case 'gitea.comment':
      return `comment "${e.body.slice(0, 70)}${e.body.length > 70 ? '…' : ''}"`
    case 'gitea.close':
      return 'close'
  }
}

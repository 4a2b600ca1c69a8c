/**
 * Plan one sweep over open issues: triage rules, stale marking and closing, and orphaned-work cleanup.
 * Pure: the same inputs give the same plan, which is what a dry run prints and what `--confirm`
 * applies. A ceiling caps the issues changed per run; the rest wait for the next run.
 */
import type { CompiledRules } from './compile-rules.js'
import { DAY, HOUR } from './duration.js'
import { triageIssue } from './evaluate-rules.js'
import { linkedPulls } from './linked-pulls.js'
import type { IssueChange, TriageIssue, TriagePull } from './types.js'

export interface StalePolicy {
  daysUntilStale: number
  daysUntilClose: number
  staleLabel: string
  markComment: string
  closeComment: string
  exemptLabels: string[]
  priorityPrefix: string
  triagedLabel: string
  exemptMilestones: boolean
  exemptLinkedPulls: boolean
}

export interface OrphanPolicy {
  hours: number
  comment: string
}

export interface SweepInput {
  issues: readonly TriageIssue[]
  pulls: readonly TriagePull[]
  now: number
  rules?: CompiledRules
  stale?: StalePolicy
  orphans?: OrphanPolicy
  laneAgents: Record<string, string>
  /** lane name → owner/repo patterns (see EvaluateContext.laneRepos). */
  laneRepos?: Record<string, readonly string[]>
  ceiling: number
}

export interface SweepPlan {
  examined: number
  changes: IssueChange[]
  /** Issues that would change but were left for a later run by the ceiling. */
  deferred: number
  /** Issues a stale rule would have closed or marked but an exemption protected, with the reason. */
  exempted: { repo: string; issue: number; reason: string }[]
}

/** Why an issue may never be marked stale or closed (undefined: not exempt). */
export function exemption(
  issue: TriageIssue,
  pulls: readonly TriagePull[],
  policy: StalePolicy,
): string | undefined {
  const labels = issue.labels.map((l) => l.name)
  const exempt = labels.find((l) => policy.exemptLabels.includes(l))
  if (exempt) return `exempt label ${exempt}`
  const priority = labels.find((l) => l.startsWith(policy.priorityPrefix))
  if (priority) return `priority label ${priority}`
  if (labels.includes(policy.triagedLabel)) return `triaged label ${policy.triagedLabel}`
  if (policy.exemptMilestones && issue.milestone) return `milestone ${issue.milestone.title}`
  if (policy.exemptLinkedPulls) {
    const linked = linkedPulls(pulls, issue.number)
    if (linked.length) return `open pull request #${linked[0]!.number}`
  }
  return undefined
}

export function planSweep(input: SweepInput): SweepPlan {
  const ordered = [...input.issues].sort((a, b) => a.repo.localeCompare(b.repo) || a.number - b.number)
  const pullsByRepo = new Map<string, TriagePull[]>()
  for (const p of input.pulls) pullsByRepo.set(p.repo, [...(pullsByRepo.get(p.repo) ?? []), p])
  const agents = new Set(Object.values(input.laneAgents))
  const changes: IssueChange[] = []
  const exempted: SweepPlan['exempted'] = []
  let deferred = 0
  for (const issue of ordered) {
    if (issue.state !== 'open' || issue.pull_request) continue
    const pulls = pullsByRepo.get(issue.repo) ?? []
    const change =
      (input.rules &&
        triageIssue(input.rules, issue, {
          now: input.now,
          laneAgents: input.laneAgents,
          ...(input.laneRepos ? { laneRepos: input.laneRepos } : {}),
        })) ??
      (input.orphans && planOrphan(issue, agents, input.orphans, input.now)) ??
      (input.stale && planStale(issue, pulls, input.stale, input.now, exempted))
    if (!change || change.effects.length === 0) continue
    if (changes.length >= input.ceiling) deferred++
    else changes.push(change)
  }
  return { examined: ordered.length, changes, deferred, exempted }
}

function planOrphan(
  issue: TriageIssue,
  agents: Set<string>,
  policy: OrphanPolicy,
  now: number,
): IssueChange | undefined {
  const assigned = (issue.assignees ?? []).map((a) => a.login)
  const orphaned = assigned.filter((a) => agents.has(a))
  if (orphaned.length === 0) return undefined
  const idle = now - Date.parse(issue.updated_at)
  if (!(idle > policy.hours * HOUR)) return undefined
  const keep = assigned.filter((a) => !agents.has(a))
  const body = policy.comment
    .replace(/\{\{\s*agents\s*\}\}/g, orphaned.join(', '))
    .replace(/\{\{\s*hours\s*\}\}/g, String(policy.hours))
  return {
    repo: issue.repo,
    issue: issue.number,
    title: issue.title,
    reason: `orphaned: assigned to ${orphaned.join(', ')} with no activity for ${Math.floor(idle / HOUR)} h (> ${policy.hours} h)`,
    effects: [
      { kind: 'gitea.assign', repo: issue.repo, issue: issue.number, assignees: keep },
      { kind: 'gitea.comment', repo: issue.repo, issue: issue.number, body },
    ],
  }
}

function planStale(
  issue: TriageIssue,
  pulls: readonly TriagePull[],
  policy: StalePolicy,
  now: number,
  exempted: SweepPlan['exempted'],
): IssueChange | undefined {
  const idle = now - Date.parse(issue.updated_at)
  const labels = issue.labels.map((l) => l.name)
  const isStale = labels.includes(policy.staleLabel)
  const due = isStale ? idle > policy.daysUntilClose * DAY : idle > policy.daysUntilStale * DAY
  if (!due) return undefined
  // Exemptions are checked at close time too: a stale label added by hand must not bypass them.
  const why = exemption(issue, pulls, policy)
  if (why) {
    exempted.push({ repo: issue.repo, issue: issue.number, reason: why })
    return undefined
  }
  const base = { repo: issue.repo, issue: issue.number, title: issue.title }
  if (isStale) {
    return {
      ...base,
      reason: `stale for ${Math.floor(idle / DAY)} days after marking (> ${policy.daysUntilClose})`,
      effects: [
        { kind: 'gitea.comment', repo: issue.repo, issue: issue.number, body: policy.closeComment },
        { kind: 'gitea.close', repo: issue.repo, issue: issue.number },
      ],
    }
  }
  return {
    ...base,
    reason: `no activity for ${Math.floor(idle / DAY)} days (> ${policy.daysUntilStale})`,
    effects: [
      {
        kind: 'gitea.label',
        repo: issue.repo,
        issue: issue.number,
        labels: [policy.staleLabel],
        colors: { [policy.staleLabel]: '#ededed' },
      },
      { kind: 'gitea.comment', repo: issue.repo, issue: issue.number, body: policy.markComment },
    ],
  }
}

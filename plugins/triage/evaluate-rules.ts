/**
 * Apply compiled rules to one issue: which rules match, and the effects that bring the issue to the
 * state they ask for. Only differences become effects, so a second sweep changes nothing.
 */
import { matchLaneRepo } from '../playbooks/match-lane-repo.js'
import type { CompiledRule, CompiledRules } from './compile-rules.js'
import type { IssueChange, TriageEffect, TriageIssue } from './types.js'

export interface EvaluateContext {
  now: number
  /** lane name → the agent user it assigns. */
  laneAgents: Record<string, string>
  /** lane name → the owner/repo patterns it takes; a lane that does not take the issue's repo assigns nobody. */
  laneRepos?: Record<string, readonly string[]>
}

export function matchRule(rule: CompiledRule, issue: TriageIssue, now: number): boolean {
  if (rule.title && !rule.title.test(issue.title)) return false
  if (rule.body && !rule.body.test(issue.body ?? '')) return false
  if (rule.text && !rule.text.test(`${issue.title}\n${issue.body ?? ''}`)) return false
  if (rule.labels) {
    const labels = new Set(issue.labels.map((l) => l.name))
    if (!rule.labels.all.every((l) => labels.has(l))) return false
    if (rule.labels.any.length && !rule.labels.any.some((l) => labels.has(l))) return false
    if (rule.labels.none.some((l) => labels.has(l))) return false
  }
  if (rule.author && !rule.author.has(issue.user.login.toLowerCase())) return false
  if (rule.repo && !rule.repo.has(issue.repo.toLowerCase())) return false
  if (rule.olderThanMs !== undefined || rule.newerThanMs !== undefined) {
    const age = now - Date.parse(issue.created_at)
    if (rule.olderThanMs !== undefined && !(age > rule.olderThanMs)) return false
    if (rule.newerThanMs !== undefined && !(age < rule.newerThanMs)) return false
  }
  if (rule.unassigned !== undefined && rule.unassigned !== ((issue.assignees ?? []).length === 0))
    return false
  return true
}

/** The change triage makes to `issue`, or undefined when it is already triaged or nothing matches. */
export function triageIssue(
  rules: CompiledRules,
  issue: TriageIssue,
  ctx: EvaluateContext,
): IssueChange | undefined {
  if (issue.state !== 'open' || issue.pull_request) return undefined
  const have = new Set(issue.labels.map((l) => l.name))
  if (have.has(rules.triagedLabel)) return undefined
  const matched =
    rules.mode === 'first-match'
      ? [rules.rules.find((r) => matchRule(r, issue, ctx.now))].filter(Boolean)
      : rules.rules.filter((r) => matchRule(r, issue, ctx.now))
  if (matched.length === 0) return undefined
  const addLabels: string[] = []
  const assignees = new Set((issue.assignees ?? []).map((a) => a.login))
  const comments: string[] = []
  const lanes: string[] = []
  for (const rule of matched as CompiledRule[]) {
    const a = rule.actions
    for (const l of a.labels ?? []) addLabels.push(l)
    if (a.priority) addLabels.push(`${rules.priorityPrefix}${a.priority}`)
    if (a.lane) {
      lanes.push(a.lane)
      const agent = ctx.laneAgents[a.lane]
      const repos = ctx.laneRepos?.[a.lane]
      if (agent && (!repos || matchLaneRepo(repos, issue.repo))) assignees.add(agent)
    }
    for (const user of a.assign ?? []) assignees.add(user)
    if (a.comment)
      comments.push(
        fill(a.comment, {
          title: issue.title,
          number: String(issue.number),
          author: issue.user.login,
          lane: a.lane ?? '',
          rule: rule.name,
        }),
      )
  }
  addLabels.push(rules.triagedLabel)
  const effects: TriageEffect[] = []
  const missing = [...new Set(addLabels)].filter((l) => !have.has(l))
  if (missing.length) {
    const colors = Object.fromEntries(
      missing.map((l) => [l, normaliseColor(rules.labelColors[l] ?? rules.defaultColor)]),
    )
    effects.push({ kind: 'gitea.label', repo: issue.repo, issue: issue.number, labels: missing, colors })
  }
  const before = new Set((issue.assignees ?? []).map((a) => a.login))
  if ([...assignees].some((a) => !before.has(a))) {
    effects.push({
      kind: 'gitea.assign',
      repo: issue.repo,
      issue: issue.number,
      assignees: [...assignees].sort(),
    })
  }
  for (const body of comments)
    effects.push({ kind: 'gitea.comment', repo: issue.repo, issue: issue.number, body })
  const names = (matched as CompiledRule[]).map((r) => r.name).join(', ')
  return {
    repo: issue.repo,
    issue: issue.number,
    title: issue.title,
    reason: `matched ${names}${lanes.length ? ` → lane ${lanes.join(', ')}` : ''}`,
    effects,
  }
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, key: string) => values[key] ?? m)
}

function normaliseColor(c: string): string {
  return c.startsWith('#') ? c : `#${c}`
}

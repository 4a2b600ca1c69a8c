/**
 * One tick of the coordinator loop: intake → triage → route → dispatch → track → verify → report.
 * Every stage leaves its numbers in the report. Without `confirm` nothing is written: the tick plans.
 */

import type { PluginHost } from '../../core/plugin.js'
import type { DispatchResult } from '../dispatch/index.js'
import { matchLaneRepo } from '../playbooks/match-lane-repo.js'
import type { LaneInfo } from '../triage/lanes.js'
import { linkedPulls } from '../triage/linked-pulls.js'
import type { TriageSource } from '../triage/source.js'
import type { TriageIssue, TriagePull } from '../triage/types.js'
import type { dispatchLog } from './dispatch-log.js'
import { type GateDeps, type GateVerdict, gatePull } from './gate-pull.js'

export interface TickOptions {
  repos: readonly string[]
  lanes: readonly LaneInfo[]
  source: TriageSource
  log: ReturnType<typeof dispatchLog>
  confirm: boolean
  signOffLabel: string
  now: number
  /** The merge gate's services; without a Gitea service the verify stage is skipped. */
  gate?: Omit<GateDeps, 'signOffLabel'>
}

export interface TickReport {
  intake: { open: number; unassigned: number }
  triage: { changed: number; deferred: number } | { skipped: string }
  route: Record<string, { queued: number; running: number; capacity: number }>
  dispatch: { repo: string; issue: number; lane: string; planned: boolean }[]
  track: { repo: string; issue: number; pull: number }[]
  /** The merge gate per tracked PR: merge, comment (once), wait; `planned` when the tick is dry. */
  verify: { repo: string; pull: number; action: GateVerdict['action']; failed: string[]; planned: boolean }[]
}

export async function tick(
  host: Pick<PluginHost, 'maybeUse' | 'applyEffect' | 'handlesEffect'>,
  o: TickOptions,
  running: Set<Promise<unknown>>,
): Promise<TickReport> {
  const issues: TriageIssue[] = []
  const pulls: TriagePull[] = []
  for (const repo of o.repos) {
    issues.push(...(await o.source.listOpenIssues(repo)))
    pulls.push(...(await o.source.listOpenPulls(repo)))
  }
  const report: TickReport = {
    intake: { open: issues.length, unassigned: issues.filter((i) => !(i.assignees ?? []).length).length },
    triage: { skipped: 'the triage plugin is not loaded' },
    route: {},
    dispatch: [],
    track: [],
    verify: [],
  }
  // triage (rules only; stale and orphan sweeps have their own schedules)
  const triage = host.maybeUse('triage')
  if (triage?.rules()) {
    const res = await triage.sweep({ confirm: o.confirm, only: 'rules', repos: [...o.repos], now: o.now })
    report.triage = { changed: res.changes.length, deferred: res.deferred }
    if (o.confirm) {
      issues.length = 0
      for (const repo of o.repos) issues.push(...(await o.source.listOpenIssues(repo)))
    }
  }
  // route: an issue assigned to a lane's agent, with no open PR and not dispatched yet, waits in that lane.
  for (const lane of o.lanes) {
    const queued = issues
      .filter((i) => (i.assignees ?? []).some((a) => a.login === lane.agent))
      .filter((i) => matchLaneRepo(lane.repos, i.repo))
      .filter(
        (i) =>
          !o.log.get(i.repo, i.number) &&
          linkedPulls(
            pulls.filter((p) => p.repo === i.repo),
            i.number,
          ).length === 0,
      )
      .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))
    const active = o.log.running(lane.name)
    report.route[lane.name] = { queued: queued.length, running: active, capacity: lane.maxConcurrent }
    // dispatch within capacity; the rest stays queued for a later tick
    for (const issue of queued.slice(0, Math.max(0, lane.maxConcurrent - active))) {
      report.dispatch.push({ repo: issue.repo, issue: issue.number, lane: lane.name, planned: !o.confirm })
      if (!o.confirm) continue
      o.log.start(issue.repo, issue.number, lane.name, o.now)
      const job = host
        .applyEffect({
          kind: 'agent.dispatch',
          repo: issue.repo,
          issue: issue.number,
          lane: lane.name,
          prompt: `Work on ${issue.repo}#${issue.number}: ${issue.title}\n\n${issue.body}`,
        })
        .then((r) => {
          const res = r as DispatchResult
          const status = res.skipped ? 'skipped' : res.run?.outcome === 'ok' ? 'done' : 'failed'
          o.log.finish(
            issue.repo,
            issue.number,
            status,
            res.skipped ?? res.run?.outcome ?? 'unknown',
            Date.now(),
          )
        })
        .catch((err: Error) => o.log.finish(issue.repo, issue.number, 'failed', err.message, Date.now()))
        .finally(() => running.delete(job))
      running.add(job)
    }
  }
  // track: PRs that reference a dispatched issue
  for (const row of o.log.all()) {
    const pr = linkedPulls(
      pulls.filter((p) => p.repo === row.repo),
      row.issue,
    )[0]
    if (pr) {
      report.track.push({ repo: row.repo, issue: row.issue, pull: pr.number })
      if (o.confirm && row.pull !== pr.number) o.log.linkPull(row.repo, row.issue, pr.number)
    }
  }
  // verify: the merge gate (approved, mergeable, checks green, policy clean) on every tracked PR
  if (o.gate)
    for (const t of report.track) {
      const v = await gatePull({ ...o.gate, signOffLabel: o.signOffLabel }, t.repo, t.pull)
      report.verify.push({
        repo: t.repo,
        pull: t.pull,
        action: v.action,
        failed: v.failed,
        planned: !o.confirm,
      })
      if (o.confirm) for (const e of v.effects) await host.applyEffect(e)
    }
  return report
}

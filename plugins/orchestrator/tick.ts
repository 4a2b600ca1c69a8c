/**
 * One tick of the coordinator loop: intake → triage → route → dispatch → track → verify → report.
 * Every stage leaves its numbers in the report. Without `confirm` nothing is written: the tick plans.
 */

import type { PluginHost } from '../../core/plugin.js'
import type { LaneInfo } from '../triage/lanes.js'
import type { TriageSource } from '../triage/source.js'
import { dispatchIssue } from './dispatch-issue.js'
import type { DispatchLog } from './dispatch-log.js'
import type { GateDeps, GateVerdict } from './gate-pull.js'
import { queuedForLane } from './queued-for-lane.js'
import { readIntake } from './read-intake.js'
import { trackPulls } from './track-pulls.js'
import { triageStage } from './triage-stage.js'
import { verifyPulls } from './verify-pulls.js'

export interface TickOptions {
  repos: readonly string[]
  lanes: readonly LaneInfo[]
  source: TriageSource
  log: DispatchLog
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

/** What a tick needs of the host: services (triage) and effects (dispatch, the gate's merge/comment). */
export type TickHost = Pick<PluginHost, 'maybeUse' | 'applyEffect' | 'handlesEffect'>

export async function tick(
  host: TickHost,
  o: TickOptions,
  running: Set<Promise<unknown>>,
): Promise<TickReport> {
  const { issues, pulls } = await readIntake(o)
  const report: TickReport = {
    intake: { open: issues.length, unassigned: issues.filter((i) => !(i.assignees ?? []).length).length },
    triage: { skipped: 'the triage plugin is not loaded' },
    route: {},
    dispatch: [],
    track: [],
    verify: [],
  }
  await triageStage(host, o, issues, report)
  // route: an issue assigned to a lane's agent, with no open PR and not dispatched yet, waits in that lane.
  for (const lane of o.lanes) {
    const queued = await queuedForLane(o, lane, issues, pulls)
    const active = await o.log.running(lane.name)
    report.route[lane.name] = { queued: queued.length, running: active, capacity: lane.maxConcurrent }
    // dispatch within capacity; the rest stays queued for a later tick
    for (const issue of queued.slice(0, Math.max(0, lane.maxConcurrent - active))) {
      report.dispatch.push({ repo: issue.repo, issue: issue.number, lane: lane.name, planned: !o.confirm })
      if (o.confirm) await dispatchIssue(host, o, issue, lane, running)
    }
  }
  await trackPulls(o, pulls, report)
  await verifyPulls(host, o, report)
  return report
}

/** A lane's queue: issues assigned to its agent in its repos, with no open PR and not dispatched yet, oldest first. */
import { matchLaneRepo } from '../playbooks/match-lane-repo.js'
import type { LaneInfo } from '../triage/lanes.js'
import { linkedPulls } from '../triage/linked-pulls.js'
import type { TriageIssue, TriagePull } from '../triage/types.js'
import type { TickOptions } from './tick.js'

export async function queuedForLane(
  o: TickOptions,
  lane: LaneInfo,
  issues: readonly TriageIssue[],
  pulls: readonly TriagePull[],
): Promise<TriageIssue[]> {
  const candidates = issues
    .filter((i) => (i.assignees ?? []).some((a) => a.login === lane.agent))
    .filter((i) => matchLaneRepo(lane.repos, i.repo))
    .filter(
      (i) =>
        linkedPulls(
          pulls.filter((p) => p.repo === i.repo),
          i.number,
        ).length === 0,
    )
  const logged = await Promise.all(candidates.map((i) => o.log.get(i.repo, i.number)))
  return candidates
    .filter((_, k) => !logged[k])
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))
}

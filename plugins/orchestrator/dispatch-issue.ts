/** Dispatch one issue to a lane's agent (an `agent.dispatch` effect), logged as started now and finished when the run ends. */
import type { DispatchResult } from '../dispatch/index.js'
import type { LaneInfo } from '../triage/lanes.js'
import type { TriageIssue } from '../triage/types.js'
import type { TickHost, TickOptions } from './tick.js'

/** Logged as started before the effect is applied; the run is not awaited: it joins `running` until it settles. */
export async function dispatchIssue(
  host: TickHost,
  o: TickOptions,
  issue: TriageIssue,
  lane: LaneInfo,
  running: Set<Promise<unknown>>,
): Promise<void> {
  await o.log.start(issue.repo, issue.number, lane.name, o.now)
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
      return o.log.finish(
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

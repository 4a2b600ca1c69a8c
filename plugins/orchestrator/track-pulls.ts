/** The track stage: PRs that reference a dispatched issue (linked in the dispatch log when confirmed). */
import { linkedPulls } from '../triage/linked-pulls.js'
import type { TriagePull } from '../triage/types.js'
import type { TickOptions, TickReport } from './tick.js'

export async function trackPulls(
  o: TickOptions,
  pulls: readonly TriagePull[],
  report: TickReport,
): Promise<void> {
  for (const row of await o.log.all()) {
    const pr = linkedPulls(
      pulls.filter((p) => p.repo === row.repo),
      row.issue,
    )[0]
    if (pr) {
      report.track.push({ repo: row.repo, issue: row.issue, pull: pr.number })
      if (o.confirm && row.pull !== pr.number) await o.log.linkPull(row.repo, row.issue, pr.number)
    }
  }
}

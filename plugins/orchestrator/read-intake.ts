/** The intake stage: open issues and open PRs of every repo the loop watches. */
import type { TriageIssue, TriagePull } from '../triage/types.js'
import type { TickOptions } from './tick.js'

export async function readIntake(o: TickOptions): Promise<{ issues: TriageIssue[]; pulls: TriagePull[] }> {
  const issues: TriageIssue[] = []
  const pulls: TriagePull[] = []
  for (const repo of o.repos) {
    issues.push(...(await o.source.listOpenIssues(repo)))
    pulls.push(...(await o.source.listOpenPulls(repo)))
  }
  return { issues, pulls }
}

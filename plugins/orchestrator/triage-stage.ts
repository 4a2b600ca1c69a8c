/** The triage stage: the triage plugin's rules (stale and orphan sweeps have their own schedules); issues re-read after a confirmed sweep. */
import type { TriageIssue } from '../triage/types.js'
import type { TickHost, TickOptions, TickReport } from './tick.js'

/** Replaces the contents of `issues` when the sweep may have changed them. */
export async function triageStage(
  host: TickHost,
  o: TickOptions,
  issues: TriageIssue[],
  report: TickReport,
): Promise<void> {
  const triage = host.maybeUse('triage')
  if (!triage || !(await triage.rules())) return
  const res = await triage.sweep({ confirm: o.confirm, only: 'rules', repos: [...o.repos], now: o.now })
  report.triage = { changed: res.changes.length, deferred: res.deferred }
  if (o.confirm) {
    issues.length = 0
    for (const repo of o.repos) issues.push(...(await o.source.listOpenIssues(repo)))
  }
}

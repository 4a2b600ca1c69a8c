import type { DeadmanStoreState } from './store-state.js'

/** Incidents: open, close, record a rollback, find the alert's Gitea issue, list rolled-away generations. */
export function incidentMethods({ q }: DeadmanStoreState) {
  return {
    openIncident(wizard: string, at: number): number {
      return (q.openIncident.get(wizard, at) as { id: number }).id
    },
    closeIncident(id: number, at: number) {
      q.closeIncident.run(at, id)
    },
    recordRollback(
      incident: number | null,
      from: number,
      to: number,
      wizard: string,
      at: number,
      dryRun: boolean,
    ) {
      if (incident !== null) q.incidentRollback.run(from, to, incident)
      if (!dryRun) q.addRolledAway.run(from, at, wizard, incident)
    },
    /** The Gitea issue the first delivered alert of `incident` opened, if any. */
    alertIssueOf(incident: number): { repo: string; issue: number } | undefined {
      const row = q.alertIssue.get(incident) as { repo: unknown; issue: unknown } | undefined
      return row && typeof row.repo === 'string' && typeof row.issue === 'number'
        ? { repo: row.repo, issue: row.issue }
        : undefined
    },
    rolledAway(): Set<number> {
      return new Set((q.rolledAway.all() as { generation: number }[]).map((r) => r.generation))
    },
  }
}

/**
 * Run records: `playbook_runs` (one row per run, the report as JSON) and `playbook_steps`, the newest
 * `keepRuns` kept. In the host's SQLite store (./sqlite-report-store.ts), or with `store.url` on the
 * fleet's PostgreSQL server (./pg-report-store.ts), where a run written by one host is read by another.
 */
import type { RunReport } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import { usePostgres } from '../postgres/use-postgres.js'

export interface RunSummary {
  id: string
  playbook: string
  lane: string | null
  outcome: string
  dryRun: boolean
  startedAt: string
  tokens: number
}

export interface ReportStore {
  save(report: RunReport): Promise<void>
  get(id: string): Promise<RunReport | undefined>
  /** The most recent runs, newest first. */
  recent(limit?: number): Promise<RunSummary[]>
}

/** The run records on PostgreSQL when `store.url` is set, else in the host's SQLite store. */
export async function openReportStore(
  host: Pick<PluginHost, 'config' | 'maybeUse' | 'store'>,
  keep = 1000,
): Promise<ReportStore> {
  const postgres = usePostgres(host, 'playbooks')
  if (postgres) {
    const { openPgReportStore } = await import('./pg-report-store.js')
    return openPgReportStore(postgres, keep)
  }
  const { openSqliteReportStore } = await import('./sqlite-report-store.js')
  return openSqliteReportStore(await host.store(), keep)
}

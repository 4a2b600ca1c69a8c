/**
 * What the orchestrator has dispatched: one row per issue it handed to a lane, with its outcome (table
 * `orchestrator_dispatches`, in the host's SQLite store — ./sqlite-dispatch-log.ts — or, with
 * `store.url`, on the fleet's PostgreSQL server — ./pg-dispatch-log.ts — where a standby coordinator
 * on another host that takes the lease over sees what the last one dispatched).
 */
import type { PluginHost } from '../../core/plugin.js'
import { usePostgres } from '../postgres/use-postgres.js'

export interface DispatchRow {
  repo: string
  issue: number
  lane: string
  status: 'running' | 'done' | 'failed' | 'skipped'
  outcome: string | null
  pull: number | null
  started_at: number
  finished_at: number | null
}

export interface DispatchLog {
  get(repo: string, issue: number): Promise<DispatchRow | undefined>
  /** Rows of the lane still running. */
  running(lane: string): Promise<number>
  /** The issue is running on the lane from `now` (a row dispatched before starts over). */
  start(repo: string, issue: number, lane: string, now: number): Promise<void>
  finish(
    repo: string,
    issue: number,
    status: DispatchRow['status'],
    outcome: string,
    now: number,
  ): Promise<void>
  linkPull(repo: string, issue: number, pull: number): Promise<void>
  /** Every row, oldest first. */
  all(): Promise<DispatchRow[]>
}

/** The log on PostgreSQL when `store.url` is set, else in the host's SQLite store (tables migrated). */
export async function openDispatchLog(
  host: Pick<PluginHost, 'config' | 'maybeUse' | 'store'>,
): Promise<DispatchLog> {
  const postgres = usePostgres(host, 'orchestrator')
  if (postgres) {
    const { openPgDispatchLog } = await import('./pg-dispatch-log.js')
    return openPgDispatchLog(postgres)
  }
  const { openSqliteDispatchLog } = await import('./sqlite-dispatch-log.js')
  return openSqliteDispatchLog(await host.store())
}

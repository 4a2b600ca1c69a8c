import { openReportStore, type ReportStore } from '../report-store.js'
import type { PlaybooksState } from './service-state.js'

/** The run report store (SQLite, or PostgreSQL with `store.url`), opened on first use. */
export function openReports(state: PlaybooksState): Promise<ReportStore> {
  const opened = (state.reports ??= openReportStore(state.host, state.options.keepRuns))
  opened.catch(() => {
    if (state.reports === opened) state.reports = undefined // an unreachable server is tried again next time
  })
  return opened
}

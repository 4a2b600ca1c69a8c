import { openReportStore, type ReportStore } from '../report-store.js'
import type { PlaybooksState } from './service-state.js'

/** The run report store, opened on first use. */
export async function openReports(state: PlaybooksState): Promise<ReportStore> {
  state.reports ??= openReportStore(await state.host.store(), state.options.keepRuns)
  return state.reports
}

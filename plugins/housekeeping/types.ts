/** The housekeeping service (`host.maybeUse('housekeeping')`) and what a `daily_reset` did. */

export interface HousekeepingResult {
  at: string
  /** The local day (YYYY-MM-DD) the reset ran on. */
  day: string
  /** Files moved into a dated, gzip-compressed archive (lines counted while compressing). */
  rotated: { file: string; archive: string; lines: number }[]
  /** Archives older than `keepDays`, deleted. */
  deletedArchives: string[]
  prunedJobs: number
  prunedRuns: number
  /** `PRAGMA wal_checkpoint(TRUNCATE)`: busy flag, WAL pages, pages checkpointed. */
  checkpoint: { busy: number; log: number; checkpointed: number } | null
  vacuumed: boolean
  /** Free pages before the reset (VACUUM runs when they pass `vacuumMinFreePercent` of the file). */
  freelistPages: number
  errors: string[]
}

export interface HousekeepingService {
  /** Run the daily reset now (`now` injectable for tests); the result is stored. */
  dailyReset(now?: number): Promise<HousekeepingResult>
  /** The last stored results, newest first. */
  history(limit?: number): Promise<HousekeepingResult[]>
}

declare module '../../core/plugin.js' {
  interface Services {
    housekeeping: HousekeepingService
  }
}

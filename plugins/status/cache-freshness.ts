/**
 * The deploy service's freshness (drift) report, kept for a while: it reads config/cron.yaml,
 * Hermes' jobs.json and every playbook, tens of milliseconds that a snapshot must not pay each time.
 * `timmy serve` refreshes it on a timer, so a request never reads those files.
 */
import type { FreshnessReport } from '../deploy/freshness.js'

export interface FreshnessCache {
  /** The report, read again when older than `maxAgeMs` (or when `now` is before the last read); null when the read fails. */
  get(now: number): Promise<FreshnessReport | null>
  /** Read it again now; resolves when the new report is in. */
  refresh(now: number): Promise<void>
}

export function cacheFreshness(
  read: () => Promise<FreshnessReport> | undefined,
  maxAgeMs: number,
): FreshnessCache {
  let at = Number.NEGATIVE_INFINITY
  let last: Promise<FreshnessReport | null> = Promise.resolve(null)
  const refresh = (now: number) => {
    last = Promise.resolve()
      .then(read)
      .then(
        (r) => r ?? null,
        () => null,
      )
    at = now
    return last.then(() => undefined)
  }
  return {
    get(now) {
      if (now - at > maxAgeMs || now < at) void refresh(now)
      return last
    },
    refresh,
  }
}

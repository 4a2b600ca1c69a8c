/**
 * The deploy service's freshness (drift) report, kept for a while: it reads config/cron.yaml,
 * Hermes' jobs.json and every playbook, tens of milliseconds that a snapshot must not pay each time.
 * `timmy serve` refreshes it on a timer, so a request never reads those files.
 */
import type { FreshnessReport } from '../deploy/freshness.js'

export interface FreshnessCache {
  /** The report, read again when older than `maxAgeMs` (or when `now` is before the last read); null when the read fails. */
  get(now: number): FreshnessReport | null
  refresh(now: number): void
}

export function cacheFreshness(read: () => FreshnessReport | undefined, maxAgeMs: number): FreshnessCache {
  let at = Number.NEGATIVE_INFINITY
  let last: FreshnessReport | null = null
  const refresh = (now: number) => {
    try {
      last = read() ?? null
    } catch {
      last = null
    }
    at = now
  }
  return {
    get(now) {
      if (now - at > maxAgeMs || now < at) refresh(now)
      return last
    },
    refresh,
  }
}

/**
 * The too-often detector (healthchecks#17): beats far faster than expected — a crash loop that
 * restarts and pings each time. Counted beats are `beat` and `boot` kinds (activity is not counted).
 */
import type { Tuning } from './options.js'

/** The most beats a healthy wizard sends in the detector's window. */
export function tooOftenLimit(periodMs: number, t: Tuning['tooOften']): number {
  return Math.max(t.minBeats, Math.ceil((t.factor * t.windowMs) / periodMs))
}

export function isTooOften(countInWindow: number, periodMs: number, t: Tuning['tooOften']): boolean {
  return countInWindow > tooOftenLimit(periodMs, t)
}

/** Beat kinds the too-often detector counts. */
export const COUNTED_KINDS: ReadonlySet<string> = new Set(['beat', 'boot'])

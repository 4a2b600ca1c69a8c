/**
 * Retry delay: capped exponential backoff with "equal jitter" — half the delay is fixed, half random —
 * so retries of many jobs that failed together spread out, yet each waits at least half its step.
 * (core/backoff.ts, the one backoff helper; attempt 1 waits about `baseMs`).
 */
import { backoffDelay } from '../../core/backoff.js'

export function retryDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  if (baseMs <= 0) return 0
  return backoffDelay(Math.min(attempt - 1, 40), { baseDelayMs: baseMs, maxDelayMs: maxMs }, random)
}

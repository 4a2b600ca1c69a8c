/**
 * Retry delay: capped exponential backoff with "equal jitter" — half the delay is fixed, half random —
 * so retries of many jobs that failed together spread out, yet each waits at least half its step.
 */
export function retryDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  if (baseMs <= 0) return 0
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 40)))
  return Math.round(step / 2 + random() * (step / 2))
}

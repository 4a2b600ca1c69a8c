/** Capped exponential backoff with full jitter: a delay in [base·2ⁿ/2, base·2ⁿ], capped at `max`. */
export function backoffDelay(
  attempt: number,
  policy: { baseDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

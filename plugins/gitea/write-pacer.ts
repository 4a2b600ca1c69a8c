/**
 * A client-side pace for writes: at most `perMinute` writes start in any 60 s window (a token bucket
 * that refills continuously), so a sweep cannot flood a server. Clock and sleep are injectable.
 */
export interface WritePacer {
  /** Resolves when the next write may start. */
  acquire(signal?: AbortSignal): Promise<void>
}

export function createWritePacer(
  perMinute: number,
  clock: { now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void> },
): WritePacer {
  if (perMinute <= 0) return { acquire: async () => {} }
  const interval = 60_000 / perMinute
  // Allow a small burst (up to a tenth of a minute's budget), then one per interval.
  const burst = Math.max(1, Math.floor(perMinute / 10))
  let tokens = burst
  let last = clock.now()
  let chain: Promise<void> = Promise.resolve()
  // The bucket alone would let burst + perMinute start in a minute: the starts of the last 60 s are
  // kept too, and a write waits while there were already `perMinute` of them.
  const starts: number[] = []
  const take = async (signal?: AbortSignal) => {
    for (;;) {
      const now = clock.now()
      while (starts.length && starts[0]! <= now - 60_000) starts.shift()
      if (starts.length >= perMinute) {
        await clock.sleep(starts[0]! + 60_000 - now, signal)
        continue
      }
      tokens = Math.min(burst, tokens + (now - last) / interval)
      last = now
      if (tokens >= 1) {
        tokens -= 1
        starts.push(now)
        return
      }
      await clock.sleep(Math.ceil((1 - tokens) * interval), signal)
    }
  }
  return {
    acquire(signal) {
      const next = chain.then(() => take(signal))
      chain = next.catch(() => {})
      return next
    },
  }
}

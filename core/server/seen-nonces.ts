/**
 * The nonces of signed requests seen within the MAC window, so a captured request cannot be replayed.
 * Bounded: entries older than the window are dropped, and when `max` live nonces are held a new one is
 * refused (the request fails; nothing is forgotten early, so no replay gets through).
 */
export interface SeenNonces {
  /** Record `nonce` (signed at `ts`); false when it was seen already or the set is full. */
  add(nonce: string, ts: number, now: number): boolean
  readonly size: number
}

export function seenNonces(windowMs: number, max = 100_000): SeenNonces {
  const seen = new Map<string, number>()
  const prune = (now: number) => {
    // Insertion order is close to ts order; stop at the first entry still inside the window.
    for (const [nonce, ts] of seen) {
      if (ts >= now - windowMs) break
      seen.delete(nonce)
    }
  }
  return {
    add(nonce, ts, now) {
      prune(now)
      if (seen.has(nonce) || seen.size >= max) return false
      seen.set(nonce, Math.max(ts, now))
      return true
    },
    get size() {
      return seen.size
    },
  }
}

/**
 * Per-session token reservations: Hermes announces each API call (`pre_api_request`) before it spends,
 * and reports it (`post_api_request` / `api_request_error`) after. Between the two the call's tokens
 * are reserved, so a veto check counts them even though the ledger has not seen them yet.
 * Bounded: reservations expire after `ttlMs`, and at most `maxSessions` sessions are tracked.
 */

export interface ReservationOptions {
  ttlMs?: number
  maxSessions?: number
  now?: () => number
}

export class SessionReservations {
  readonly #sessions = new Map<string, Map<string, { tokens: number; at: number }>>()
  readonly #ttl: number
  readonly #max: number
  readonly #now: () => number

  constructor(options: ReservationOptions = {}) {
    this.#ttl = options.ttlMs ?? 10 * 60_000
    this.#max = options.maxSessions ?? 10_000
    this.#now = options.now ?? Date.now
  }

  reserve(sessionId: string, requestId: string, tokens: number): void {
    if (!(tokens > 0)) return
    let calls = this.#sessions.get(sessionId)
    if (!calls) {
      if (this.#sessions.size >= this.#max) {
        const oldest = this.#sessions.keys().next().value
        if (oldest !== undefined) this.#sessions.delete(oldest)
      }
      calls = new Map()
      this.#sessions.set(sessionId, calls)
    }
    calls.set(requestId, { tokens, at: this.#now() })
  }

  release(sessionId: string, requestId: string): void {
    const calls = this.#sessions.get(sessionId)
    if (!calls) return
    calls.delete(requestId)
    if (calls.size === 0) this.#sessions.delete(sessionId)
  }

  endSession(sessionId: string): void {
    this.#sessions.delete(sessionId)
  }

  /** Tokens reserved by the session's API calls still in flight (expired ones dropped). */
  reserved(sessionId: string | undefined): number {
    if (sessionId === undefined) return 0
    const calls = this.#sessions.get(sessionId)
    if (!calls) return 0
    const cutoff = this.#now() - this.#ttl
    let sum = 0
    for (const [id, r] of calls) {
      if (r.at < cutoff) calls.delete(id)
      else sum += r.tokens
    }
    if (calls.size === 0) this.#sessions.delete(sessionId)
    return sum
  }

  get sessions(): number {
    return this.#sessions.size
  }
}

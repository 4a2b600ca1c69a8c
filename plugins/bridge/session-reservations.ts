/**
 * Per-session token reservations: Hermes announces each API call (`pre_api_request`) before it spends,
 * and reports it (`post_api_request` / `api_request_error`) after. Between the two the call's tokens
 * are reserved, so a veto check counts them even though the ledger has not seen them yet.
 * Bounded: reservations expire after `ttlMs`; at most `maxSessions` sessions, `maxCallsPerSession`
 * calls in flight per session (the oldest dropped), `maxTokensPerCall` tokens per call (clamped) and
 * `maxTotalTokens` over all sessions (a call that would pass it is not reserved).
 */

export interface ReservationOptions {
  ttlMs?: number
  maxSessions?: number
  maxCallsPerSession?: number
  maxTokensPerCall?: number
  maxTotalTokens?: number
  now?: () => number
}

export class SessionReservations {
  readonly #sessions = new Map<string, Map<string, { tokens: number; at: number }>>()
  readonly #ttl: number
  readonly #max: number
  readonly #maxCalls: number
  readonly #maxPerCall: number
  readonly #maxTotal: number
  readonly #now: () => number
  #total = 0

  constructor(options: ReservationOptions = {}) {
    this.#ttl = options.ttlMs ?? 10 * 60_000
    this.#max = options.maxSessions ?? 10_000
    this.#maxCalls = options.maxCallsPerSession ?? 64
    this.#maxPerCall = options.maxTokensPerCall ?? 2_000_000
    this.#maxTotal = options.maxTotalTokens ?? 200_000_000
    this.#now = options.now ?? Date.now
  }

  reserve(sessionId: string, requestId: string, tokens: number): void {
    if (!(tokens > 0)) return
    const amount = Math.min(Math.floor(tokens), this.#maxPerCall)
    let calls = this.#sessions.get(sessionId)
    if (!calls) {
      if (this.#sessions.size >= this.#max) {
        const oldest = this.#sessions.keys().next().value
        if (oldest !== undefined) this.endSession(oldest)
      }
      calls = new Map()
      this.#sessions.set(sessionId, calls)
    }
    this.#drop(calls, requestId)
    if (calls.size >= this.#maxCalls) this.#drop(calls, calls.keys().next().value!)
    if (this.#total + amount > this.#maxTotal) return
    calls.set(requestId, { tokens: amount, at: this.#now() })
    this.#total += amount
  }

  release(sessionId: string, requestId: string): void {
    const calls = this.#sessions.get(sessionId)
    if (!calls) return
    this.#drop(calls, requestId)
    if (calls.size === 0) this.#sessions.delete(sessionId)
  }

  endSession(sessionId: string): void {
    const calls = this.#sessions.get(sessionId)
    if (!calls) return
    for (const r of calls.values()) this.#total -= r.tokens
    this.#sessions.delete(sessionId)
  }

  /** Tokens held over all sessions (bounded by `maxTotalTokens`). */
  get total(): number {
    return this.#total
  }

  #drop(calls: Map<string, { tokens: number; at: number }>, requestId: string): void {
    const r = calls.get(requestId)
    if (!r) return
    this.#total -= r.tokens
    calls.delete(requestId)
  }

  /** Tokens reserved by the session's API calls still in flight (expired ones dropped). */
  reserved(sessionId: string | undefined): number {
    if (sessionId === undefined) return 0
    const calls = this.#sessions.get(sessionId)
    if (!calls) return 0
    const cutoff = this.#now() - this.#ttl
    let sum = 0
    for (const [id, r] of calls) {
      if (r.at < cutoff) this.#drop(calls, id)
      else sum += r.tokens
    }
    if (calls.size === 0) this.#sessions.delete(sessionId)
    return sum
  }

  get sessions(): number {
    return this.#sessions.size
  }
}

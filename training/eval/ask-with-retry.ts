/**
 * Ask one case with its own deadline: one AbortSignal (`timeoutMs`) covers every attempt and every
 * wait, so a case never takes longer than its timeout. 429, 5xx and connection failures are retried
 * up to `retries` times after capped exponential backoff with jitter (core/backoff.ts, as the Gitea client), or after
 * the server's `Retry-After` when it gives one (capped at `maxRetryAfterMs`).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { backoffDelay } from '../../core/index.js'
import { type Attempt, askModel, type ChatRequest } from './ask-model.js'

export interface RetryPolicy {
  retries: number
  timeoutMs: number
  baseDelayMs: number
  maxDelayMs: number
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 3,
  timeoutMs: 120_000,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
}

export type Final = Exclude<Attempt, { kind: 'retry' }> & { attempts: number }

export async function askWithRetry(req: ChatRequest, policy: RetryPolicy): Promise<Final> {
  const signal = AbortSignal.timeout(policy.timeoutMs)
  for (let attempt = 0; ; attempt++) {
    const a = await askModel(req, signal)
    if (a.kind !== 'retry') return { ...a, attempts: attempt + 1 }
    if (attempt >= policy.retries)
      return {
        kind: 'error',
        error: a.reason.startsWith('HTTP') ? 'http' : 'network',
        reason: `${a.reason} after ${attempt + 1} attempts`,
        attempts: attempt + 1,
      }
    const delay =
      a.retryAfterMs !== undefined
        ? Math.min(a.retryAfterMs, policy.maxRetryAfterMs)
        : backoffDelay(attempt, policy)
    try {
      await sleep(delay, undefined, { signal })
    } catch {
      return { kind: 'error', error: 'timeout', reason: 'the case timed out', attempts: attempt + 1 }
    }
  }
}

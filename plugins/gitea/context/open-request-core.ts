import type { GiteaClientOptions } from '../client-options.js'
import type { GiteaRetryPolicy } from '../config-schema.js'
import { createRequestCore, type RequestCore } from '../http-request.js'
import { createWritePacer } from '../write-pacer.js'

const DEFAULT_RETRY: GiteaRetryPolicy = {
  attempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  retryAfterCapMs: 60_000,
}

/** The request core for the client's options: default timeout and retry policy, a write pacer. */
export function openRequestCore(
  opts: GiteaClientOptions,
  now: () => number,
  sleep: (ms: number) => Promise<void>,
): RequestCore {
  return createRequestCore({
    baseUrl: opts.url,
    token: opts.token,
    timeoutMs: opts.timeoutMs ?? 15_000,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    pacer: createWritePacer(opts.writesPerMinute ?? 60, { now, sleep }),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    now,
    sleep,
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  })
}

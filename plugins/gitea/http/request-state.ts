import { apiBaseOf } from '../api-base.js'
import type { RequestCoreOptions } from '../http-request.js'
import { defaultSleep } from './default-sleep.js'

/** What every request of one core shares: options, API root, fetch, clock, sleep and the token scrubber. */
export interface RequestState {
  opts: RequestCoreOptions
  apiBase: string
  doFetch: typeof fetch
  now: () => number
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  scrub: (text: string) => string
}

/** The shared state of a request core, with defaults for fetch, clock and sleep. */
export function createRequestState(opts: RequestCoreOptions): RequestState {
  return {
    opts,
    apiBase: apiBaseOf(opts.baseUrl),
    doFetch: opts.fetch ?? fetch,
    now: opts.now ?? Date.now,
    sleep: opts.sleep ?? defaultSleep,
    scrub: (text: string) => (opts.token ? text.split(opts.token).join('[redacted]') : text),
  }
}

/**
 * One Gitea API request with the client's policy: `Authorization: token …` (never in a URL), a
 * per-request timeout, the write pacer, retries of idempotent requests on 429/502/503/504 and network
 * errors (capped exponential backoff + jitter, `Retry-After` honoured in both forms), and for a POST a
 * `check` that looks for the effect before any second try. Failures become coded `GiteaError`s.
 */

import type { Logger } from '../../core/log.js'
import type { GiteaRetryPolicy } from './config-schema.js'
import { createRequestState } from './http/request-state.js'
import { sendRequest } from './http/send-request.js'
import type { WritePacer } from './write-pacer.js'

export type Query = Record<string, string | number | boolean | readonly (string | number)[] | undefined>

export interface GiteaRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  /** Path under /api/v1, e.g. `/repos/o/r/issues`. */
  path: string
  query?: Query
  body?: unknown
  /** Safe to send twice (default: every method but POST). */
  idempotent?: boolean
  /** For a POST: after a failure that may have applied, look for the effect; a value ends the retries. */
  check?: () => Promise<unknown>
  signal?: AbortSignal
}

export interface GiteaResponse<T = unknown> {
  status: number
  data: T
  /** The raw body (for the few endpoints that answer plain text, such as a PR's `.diff`). */
  text: string
  headers: Headers
  totalCount?: number
  links: Record<string, string>
}

export interface RequestCore {
  readonly apiBase: string
  request<T = unknown>(req: GiteaRequest): Promise<GiteaResponse<T>>
  /** Replace every occurrence of the token in a text. */
  scrub(text: string): string
}

export interface RequestCoreOptions {
  /** Server base, e.g. `https://git.example.com` or `https://example.com/gitea`. */
  baseUrl: string
  token: string
  timeoutMs: number
  retry: GiteaRetryPolicy
  pacer: WritePacer
  fetch?: typeof fetch
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  log?: Logger
}

/** The request core over one shared state; the try, the retry loop and their parts are in `http/`. */
export function createRequestCore(opts: RequestCoreOptions): RequestCore {
  const state = createRequestState(opts)
  return {
    apiBase: state.apiBase,
    request: <T>(req: GiteaRequest) => sendRequest<T>(state, req),
    scrub: state.scrub,
  }
}

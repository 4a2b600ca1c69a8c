/**
 * One Gitea API request with the client's policy: `Authorization: token …` (never in a URL), a
 * per-request timeout, the write pacer, retries of idempotent requests on 429/502/503/504 and network
 * errors (capped exponential backoff + jitter, `Retry-After` honoured in both forms), and for a POST a
 * `check` that looks for the effect before any second try. Failures become coded `GiteaError`s.
 */

import { backoffDelay } from '../../core/backoff.js'
import type { Logger } from '../../core/log.js'
import { parseRetryAfter } from '../../core/retry-after.js'
import type { GiteaRetryPolicy } from './config-schema.js'
import { GiteaError, type GiteaErrorKey, keyForStatus } from './gitea-error.js'
import { parseLink } from './parse-link.js'
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

const RETRY_STATUS = new Set([429, 502, 503, 504])

export function createRequestCore(opts: RequestCoreOptions): RequestCore {
  const apiBase = `${opts.baseUrl.replace(/\/+$/, '')}/api/v1`
  const doFetch = opts.fetch ?? fetch
  const now = opts.now ?? Date.now
  const sleep = opts.sleep ?? defaultSleep
  const scrub = (text: string) => (opts.token ? text.split(opts.token).join('[redacted]') : text)

  const buildUrl = (path: string, query?: Query) => {
    const url = new URL(apiBase + path)
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined) continue
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item))
      else url.searchParams.set(k, String(v))
    }
    return url.toString()
  }

  async function attempt<T>(req: GiteaRequest, url: string): Promise<GiteaResponse<T>> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new TimeoutSignal()), opts.timeoutMs)
    const onAbort = () => controller.abort(req.signal?.reason)
    req.signal?.addEventListener('abort', onAbort, { once: true })
    const info = { method: req.method, path: req.path, url, message: '' }
    try {
      let res: Response
      try {
        res = await doFetch(url, {
          method: req.method,
          headers: {
            authorization: `token ${opts.token}`,
            accept: 'application/json',
            ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
          signal: controller.signal,
          redirect: 'manual',
        })
      } catch (err) {
        if (controller.signal.reason instanceof TimeoutSignal)
          throw new GiteaError('GITEA_TIMEOUT', { ...info, timeoutMs: opts.timeoutMs }, info)
        if (req.signal?.aborted) throw req.signal.reason
        throw new GiteaError('GITEA_NETWORK', { ...info, reason: scrub(networkReason(err)) }, info)
      }
      let text: string
      try {
        text = await res.text()
      } catch (err) {
        if (controller.signal.reason instanceof TimeoutSignal)
          throw new GiteaError('GITEA_TIMEOUT', { ...info, timeoutMs: opts.timeoutMs }, info)
        throw new GiteaError('GITEA_NETWORK', { ...info, reason: scrub(networkReason(err)) }, info)
      }
      let data: unknown
      try {
        data = text === '' ? undefined : JSON.parse(text)
      } catch {
        data = undefined
      }
      if (res.status >= 200 && res.status < 300) {
        const total = res.headers.get('x-total-count')
        return {
          status: res.status,
          data: data as T,
          text,
          headers: res.headers,
          links: parseLink(res.headers.get('link')),
          ...(total !== null && /^\d+$/.test(total) ? { totalCount: Number(total) } : {}),
        }
      }
      const message = scrub(
        typeof (data as { message?: unknown })?.message === 'string'
          ? (data as { message: string }).message
          : '',
      )
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now())
      const key: GiteaErrorKey = keyForStatus(res.status)
      const isConflictBody =
        data !== null && typeof data === 'object' && ('StdErr' in data || 'Style' in data)
      throw new GiteaError(
        key,
        { ...info, status: res.status, message, retryAfterMs },
        {
          ...info,
          status: res.status,
          message,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          ...(isConflictBody ? { conflict: scrubDeep(data, scrub) as GiteaError['conflict'] } : {}),
        },
      )
    } finally {
      clearTimeout(timer)
      req.signal?.removeEventListener('abort', onAbort)
    }
  }

  async function request<T>(req: GiteaRequest): Promise<GiteaResponse<T>> {
    const url = buildUrl(req.path, req.query)
    const idempotent = req.idempotent ?? req.method !== 'POST'
    const write = req.method !== 'GET'
    const { attempts, retryAfterCapMs } = opts.retry
    for (let n = 0; ; n++) {
      if (write) await opts.pacer.acquire(req.signal)
      try {
        return await attempt<T>(req, url)
      } catch (err) {
        if (!(err instanceof GiteaError)) throw err
        const retryable =
          err.code === 'TIMMY_ERR_GITEA_NETWORK' ||
          err.code === 'TIMMY_ERR_GITEA_TIMEOUT' ||
          (err.status !== undefined && RETRY_STATUS.has(err.status))
        if (!retryable || (!idempotent && !req.check) || n + 1 >= attempts) throw err
        if (err.retryAfterMs !== undefined && err.retryAfterMs > retryAfterCapMs) throw err
        const delay = err.retryAfterMs ?? backoffDelay(n, opts.retry, opts.random)
        opts.log?.debug(
          {
            method: req.method,
            path: req.path,
            status: err.status,
            code: err.code,
            delayMs: delay,
            attempt: n + 1,
          },
          'gitea request failed; retrying',
        )
        await sleep(delay, req.signal)
        if (!idempotent && req.check) {
          const found = await req.check()
          if (found !== undefined)
            return { status: 200, data: found as T, text: '', headers: new Headers(), links: {} }
        }
      }
    }
  }

  return { apiBase, request, scrub }
}

class TimeoutSignal extends Error {}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`
  return err instanceof Error ? err.message : String(err)
}

function scrubDeep(value: unknown, scrub: (s: string) => string): unknown {
  if (typeof value === 'string') return scrub(value)
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub))
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, scrub)]))
  return value
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(t)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

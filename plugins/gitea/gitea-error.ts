/**
 * GiteaError: a coded TimmyError for a failed Gitea request. Carries the HTTP status, Gitea's message,
 * the request's method, path and URL (never the token: the client sends it only in a header, and every
 * text here is scrubbed of it anyway), and for a merge conflict the 409 body `{Style, StdOut, StdErr, Err}`.
 */
import { TimmyError } from '../../core/errors.js'
import { E } from './errors.js'

export interface GiteaErrorInfo {
  status?: number
  method: string
  path: string
  /** Full request URL (no query token ever). */
  url: string
  /** Gitea's `message` (empty for a bare 403 or a proxy's HTML page). */
  message: string
  retryAfterMs?: number
  /** The merge-conflict 409 body (Go error serialised), when that is what came back. */
  conflict?: { Style?: string; StdOut?: string; StdErr?: string; Err?: unknown }
}

export type GiteaErrorKey = Extract<keyof typeof E, `GITEA_${string}`>

export class GiteaError extends TimmyError {
  override name = 'GiteaError'
  readonly status?: number
  readonly method: string
  readonly path: string
  readonly url: string
  readonly apiMessage: string
  readonly retryAfterMs?: number
  readonly conflict?: GiteaErrorInfo['conflict']

  constructor(key: GiteaErrorKey, args: Record<string, unknown>, info: GiteaErrorInfo, cause?: unknown) {
    const base = (E[key] as (a: unknown) => TimmyError)(args)
    super(base.code, base.bare, {
      exitCode: 1,
      ...(cause === undefined ? {} : { cause }),
      details: {
        ...(info.status !== undefined ? { status: info.status } : {}),
        method: info.method,
        path: info.path,
        url: info.url,
      },
    })
    if (info.status !== undefined) this.status = info.status
    this.method = info.method
    this.path = info.path
    this.url = info.url
    this.apiMessage = info.message
    if (info.retryAfterMs !== undefined) this.retryAfterMs = info.retryAfterMs
    if (info.conflict) this.conflict = info.conflict
  }
}

/** Which code a status maps to (405/409 on merge are refined by the client). */
export function keyForStatus(status: number): GiteaErrorKey {
  if (status === 401) return 'GITEA_UNAUTHORIZED'
  if (status === 403 || status === 423) return 'GITEA_FORBIDDEN' // 423: the repository is archived
  if (status === 404) return 'GITEA_NOT_FOUND'
  if (status === 409) return 'GITEA_CONFLICT'
  if (status === 429) return 'GITEA_RATE_LIMITED'
  if (status >= 500) return 'GITEA_SERVER_ERROR'
  return 'GITEA_VALIDATION'
}

export function isGiteaError(err: unknown, code?: string): err is GiteaError {
  return err instanceof TimmyError && err.name === 'GiteaError' && (code === undefined || err.code === code)
}

import { backoffDelay } from '../../../core/backoff.js'
import { GiteaError } from '../gitea-error.js'
import type { GiteaRequest, GiteaResponse } from '../http-request.js'
import { attemptRequest } from './attempt-request.js'
import { buildUrl } from './build-url.js'
import type { RequestState } from './request-state.js'

const RETRY_STATUS = new Set([429, 502, 503, 504])

/** A request with the retry policy: paced writes, retries of idempotent ones, a POST's `check` before a second try. */
export async function sendRequest<T>(state: RequestState, req: GiteaRequest): Promise<GiteaResponse<T>> {
  const { opts } = state
  const url = buildUrl(state.apiBase, req.path, req.query)
  const idempotent = req.idempotent ?? req.method !== 'POST'
  const write = req.method !== 'GET'
  const { attempts, retryAfterCapMs } = opts.retry
  for (let n = 0; ; n++) {
    if (write) await opts.pacer.acquire(req.signal)
    try {
      return await attemptRequest<T>(state, req, url)
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
      await state.sleep(delay, req.signal)
      if (!idempotent && req.check) {
        const found = await req.check()
        if (found !== undefined)
          return { status: 200, data: found as T, text: '', headers: new Headers(), links: {} }
      }
    }
  }
}

import type { GiteaRequest, GiteaResponse } from '../http-request.js'
import { parseLink } from '../parse-link.js'
import { fetchText } from './fetch-text.js'
import type { RequestState } from './request-state.js'
import { statusError } from './status-error.js'
import { TimeoutSignal } from './timeout-signal.js'

/** One try of a request under its own timeout (and the caller's signal): a 2xx response or a thrown GiteaError. */
export async function attemptRequest<T>(
  state: RequestState,
  req: GiteaRequest,
  url: string,
): Promise<GiteaResponse<T>> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new TimeoutSignal()), state.opts.timeoutMs)
  const onAbort = () => controller.abort(req.signal?.reason)
  req.signal?.addEventListener('abort', onAbort, { once: true })
  const info = { method: req.method, path: req.path, url, message: '' }
  try {
    const { res, text } = await fetchText(state, req, controller, info)
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
    throw statusError(state, res, data, info)
  } finally {
    clearTimeout(timer)
    req.signal?.removeEventListener('abort', onAbort)
  }
}

import { GiteaError } from '../gitea-error.js'
import type { GiteaRequest } from '../http-request.js'
import { networkReason } from './network-reason.js'
import type { RequestState } from './request-state.js'
import { TimeoutSignal } from './timeout-signal.js'

export interface AttemptInfo {
  method: GiteaRequest['method']
  path: string
  url: string
  message: string
}

/** Send the request once and read its body; a timeout or network failure becomes a coded GiteaError. */
export async function fetchText(
  state: RequestState,
  req: GiteaRequest,
  controller: AbortController,
  info: AttemptInfo,
): Promise<{ res: Response; text: string }> {
  const { opts, scrub } = state
  let res: Response
  try {
    res = await state.doFetch(info.url, {
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
  try {
    return { res, text: await res.text() }
  } catch (err) {
    if (controller.signal.reason instanceof TimeoutSignal)
      throw new GiteaError('GITEA_TIMEOUT', { ...info, timeoutMs: opts.timeoutMs }, info)
    throw new GiteaError('GITEA_NETWORK', { ...info, reason: scrub(networkReason(err)) }, info)
  }
}

import { parseRetryAfter } from '../../../core/retry-after.js'
import { GiteaError, type GiteaErrorKey, keyForStatus } from '../gitea-error.js'
import type { AttemptInfo } from './fetch-text.js'
import type { RequestState } from './request-state.js'
import { scrubDeep } from './scrub-deep.js'

/** The coded GiteaError for a non-2xx answer: Gitea's message (scrubbed), Retry-After and any merge-conflict body. */
export function statusError(
  state: RequestState,
  res: Response,
  data: unknown,
  info: AttemptInfo,
): GiteaError {
  const { scrub } = state
  const message = scrub(
    typeof (data as { message?: unknown })?.message === 'string' ? (data as { message: string }).message : '',
  )
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), state.now())
  const key: GiteaErrorKey = keyForStatus(res.status)
  const isConflictBody = data !== null && typeof data === 'object' && ('StdErr' in data || 'Style' in data)
  return new GiteaError(
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
}

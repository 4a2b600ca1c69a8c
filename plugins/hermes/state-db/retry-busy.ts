import { reasonOf } from '../../../core/errors.js'
import { isBusy, type Unreadable } from './open-state-db.js'
import { sleepSync } from './sleep-sync.js'

export interface RetryOptions {
  /** Retries after SQLITE_BUSY beyond the busy timeout (default 20). */
  retries?: number
  onBusy?: () => void
  unreadable: Unreadable
}

/** Run `fn`, retrying SQLITE_BUSY/LOCKED with capped backoff (blocking); other failures, or busy too long, go to `unreadable`. */
export function retryBusy<T>(file: string, options: RetryOptions, fn: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn()
    } catch (err) {
      const busy = isBusy(err)
      if (!busy || attempt >= (options.retries ?? 20))
        throw options.unreadable({ file, reason: reasonOf(err), busy, cause: err })
      options.onBusy?.()
      sleepSync(Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2))
    }
  }
}

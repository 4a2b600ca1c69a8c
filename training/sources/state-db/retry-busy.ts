import { reasonOf } from '../../../core/index.js'
import { E } from '../../errors.js'
import { sleepSync } from '../sleep-sync.js'
import type { StateDbOptions } from '../state-db.js'

/** Run `fn`, retrying SQLITE_BUSY/LOCKED with capped backoff; other failures (or busy too long) are coded errors. */
export function retryBusy<T>(file: string, options: StateDbOptions, fn: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn()
    } catch (err) {
      const code = (err as { code?: string }).code ?? ''
      const busy = /^SQLITE_(BUSY|LOCKED)/.test(code)
      if (!busy || attempt >= (options.retries ?? 20)) {
        // busy for too long: a runtime failure (1); anything else: the input is not a state.db (2)
        throw E.TRAIN_SOURCE_UNREADABLE(
          { file, reason: reasonOf(err) },
          { cause: err, exitCode: busy ? 1 : 2 },
        )
      }
      options.onBusy?.()
      sleepSync(Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2))
    }
  }
}

import { E } from '../errors.js'

/**
 * Run a write transaction; if the database stays locked past the busy timeout (another process held
 * the write lock that long), try twice more, then fail with a coded error instead of SQLITE_BUSY.
 */
export function whenFree<T>(path: string, fn: () => T): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return fn()
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') throw err
      if (attempt >= 3) throw E.QUEUE_BUSY({ path }, { cause: err, exitCode: 1 })
    }
  }
}

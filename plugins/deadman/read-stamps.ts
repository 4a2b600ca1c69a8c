/** Read every wizard's stamp mtime (outside the transaction: file system); an untrusted stamp is kept as its error. */
import type { TimmyError } from '../../core/errors.js'
import { readStamp } from './stamp.js'
import type { TickContext } from './tick.js'

export function readStamps(ctx: TickContext): Map<string, number | null | TimmyError> {
  const stamps = new Map<string, number | null | TimmyError>()
  const checked = new Map<string, unknown>()
  for (const w of ctx.tuning.wizards.values()) {
    try {
      stamps.set(w.name, readStamp(w.name, w.stamp, checked, ctx.stampWarn))
    } catch (err) {
      stamps.set(w.name, err as TimmyError)
    }
  }
  return stamps
}

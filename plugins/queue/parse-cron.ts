/** Cron expressions (croner: 5 or 6 fields, time zones) with coded errors. */
import { Cron } from 'croner'
import { reasonOf, type SourceLoc } from '../../core/errors.js'
import { E } from './errors.js'

/** Parse a cron expression (throws QUEUE_BAD_CRON / QUEUE_BAD_TIMEZONE, with `loc` if given). */
export function parseCron(name: string, cron: string, timezone?: string, loc?: SourceLoc): Cron {
  if (timezone !== undefined && timezone !== 'UTC') {
    // (UTC is always known: no ICU time-zone data to load for it, ~10 ms at start-up)
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone })
    } catch {
      throw E.QUEUE_BAD_TIMEZONE({ name, timezone }, loc ? { loc } : {})
    }
  }
  try {
    return new Cron(cron, { paused: true, timezone: timezone ?? 'UTC', mode: '5-or-6-parts' })
  } catch (err) {
    throw E.QUEUE_BAD_CRON(
      { name, cron: String(cron), reason: reasonOf(err) },
      loc ? { loc, cause: err } : { cause: err },
    )
  }
}

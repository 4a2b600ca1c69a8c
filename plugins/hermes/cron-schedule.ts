/**
 * Hermes' schedule syntax (`parse_schedule`, FORMATS.md §5): a 5-field cron expression,
 * `every Nm|h|d`, a one-shot duration (`30m`, `2h`, `1d`) or an ISO timestamp. Returns the structured
 * form Hermes stores in `jobs.json`, and the next run time.
 */
import { Cron } from 'croner'
import { E } from './errors.js'

export type Schedule =
  | { kind: 'cron'; expr: string; display: string }
  | { kind: 'interval'; minutes: number; display: string }
  | { kind: 'once'; run_at: string; display: string }

const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 }
const CRON_FIELD = /^[\d*/,\-A-Za-z?]+$/

export function parseSchedule(text: string, now: () => number = Date.now): Schedule {
  const s = text.trim()
  const every = /^every\s+(\d+)\s*([mhd])$/i.exec(s)
  if (every) {
    const minutes = Number(every[1]) * UNIT_MINUTES[every[2]!.toLowerCase()]!
    if (minutes > 0) return { kind: 'interval', minutes, display: `every ${minutes}m` }
  }
  const once = /^(\d+)\s*([mhd])$/i.exec(s)
  if (once) {
    const minutes = Number(once[1]) * UNIT_MINUTES[once[2]!.toLowerCase()]!
    if (minutes > 0)
      return {
        kind: 'once',
        run_at: new Date(now() + minutes * 60_000).toISOString(),
        display: `once in ${once[1]}${once[2]!.toLowerCase()}`,
      }
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)) {
    if (!Number.isNaN(Date.parse(s))) return { kind: 'once', run_at: s, display: `once at ${s}` }
  }
  const fields = s.split(/\s+/)
  if (fields.length === 5 && fields.every((f) => CRON_FIELD.test(f))) {
    try {
      new Cron(s, { paused: true })
      return { kind: 'cron', expr: s, display: s }
    } catch {}
  }
  throw E.HERMES_CRON_BAD_SCHEDULE({ schedule: text })
}

/** The next run after `from` (ISO), as Hermes would store it in `next_run_at`. */
export function nextRunAt(schedule: Schedule, from: number): string | null {
  switch (schedule.kind) {
    case 'once':
      return schedule.run_at
    case 'interval':
      return new Date(from + schedule.minutes * 60_000).toISOString()
    case 'cron': {
      const next = new Cron(schedule.expr, { paused: true }).nextRun(new Date(from))
      return next ? next.toISOString() : null
    }
  }
}

/** Whether two schedules mean the same thing (one-shot durations compare by their display). */
export function sameSchedule(a: unknown, b: Schedule): boolean {
  if (!a || typeof a !== 'object') return false
  const x = a as Record<string, unknown>
  if (x.kind !== b.kind) return false
  if (b.kind === 'cron') return x.expr === b.expr
  if (b.kind === 'interval') return x.minutes === b.minutes
  return x.display === b.display || x.run_at === b.run_at
}

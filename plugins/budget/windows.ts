/**
 * Budget windows in a time zone, with Intl only: `daily` starts at local midnight, `hourly` at the
 * local hour, `weekly` at local midnight of `weekStartsOn` (0 = Sunday, 1 = Monday), `monthly` at local
 * midnight of the 1st. Windows are fixed to the calendar, never to the first request (see PEERS §3).
 * On a DST day a daily window lasts 23 or 25 hours.
 */
export const WINDOWS = ['hourly', 'daily', 'weekly', 'monthly'] as const
export type WindowKind = (typeof WINDOWS)[number]

export interface WindowSpec {
  window: WindowKind
  timezone: string
  weekStartsOn?: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    })
    formatters.set(timezone, f)
  }
  return f
}

/** Whether Node's Intl knows this IANA time zone. */
export function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone })
    return true
  } catch {
    return false
  }
}

interface Local {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  weekday: number
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

export function localParts(ms: number, timezone: string): Local {
  const out: Record<string, string> = {}
  for (const p of formatter(timezone).formatToParts(ms)) out[p.type] = p.value
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: WEEKDAYS[out.weekday!] ?? 0,
  }
}

/** Offset of `timezone` from UTC at instant `ms`, in ms (local = utc + offset). */
function offsetAt(ms: number, timezone: string): number {
  const l = localParts(ms, timezone)
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second)
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000))
}

/** The first instant of the local date (year, month, day): local midnight, or the DST jump if midnight is skipped. */
export function localMidnight(year: number, month: number, day: number, timezone: string): number {
  const guess = Date.UTC(year, month - 1, day)
  const sameDay = (ms: number) => {
    const l = localParts(ms, timezone)
    return l.year === year && l.month === month && l.day === day
  }
  // Two passes settle the offset (it may differ between the guess and the answer).
  let t = guess - offsetAt(guess, timezone)
  t = guess - offsetAt(t, timezone)
  for (let i = 0; i < 4 && !sameDay(t); i++) t += 3_600_000
  const l = localParts(t, timezone)
  const midnight = t - (l.hour * 3600 + l.minute * 60 + l.second) * 1000
  if (sameDay(midnight) && (midnight === t || !sameDay(midnight - 1))) return midnight
  // Midnight does not exist that day: the day starts at the transition, within this hour.
  return t - (l.minute * 60 + l.second) * 1000
}

/** The last window computed per spec: a check inside it needs no Intl call (the hot path of reserve). */
const recent = new Map<string, { start: number; end: number }>()

/** Start of the window that contains `now` (epoch ms). */
export function windowStart(spec: WindowSpec, now: number): number {
  const key = `${spec.window}|${spec.timezone}|${spec.weekStartsOn ?? 1}`
  const hit = recent.get(key)
  if (hit && now >= hit.start && now < hit.end) return hit.start
  const start = computeStart(spec, now)
  recent.set(key, { start, end: computeEnd(spec, start) })
  return start
}

function computeStart(spec: WindowSpec, now: number): number {
  const { timezone } = spec
  const l = localParts(now, timezone)
  switch (spec.window) {
    case 'hourly':
      return now - (((now % 1000) + 1000) % 1000) - (l.minute * 60 + l.second) * 1000
    case 'daily':
      return localMidnight(l.year, l.month, l.day, timezone)
    case 'weekly': {
      const back = (l.weekday - (spec.weekStartsOn ?? 1) + 7) % 7
      const d = new Date(Date.UTC(l.year, l.month - 1, l.day - back))
      return localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timezone)
    }
    case 'monthly':
      return localMidnight(l.year, l.month, 1, timezone)
  }
}

/** End of the window that contains `now` (the start of the next one). */
export function windowEnd(spec: WindowSpec, now: number): number {
  return computeEnd(spec, windowStart(spec, now))
}

function computeEnd(spec: WindowSpec, start: number): number {
  const l = localParts(start, spec.timezone)
  switch (spec.window) {
    case 'hourly':
      return start + 3_600_000
    case 'daily': {
      const d = new Date(Date.UTC(l.year, l.month - 1, l.day + 1))
      return localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), spec.timezone)
    }
    case 'weekly': {
      const d = new Date(Date.UTC(l.year, l.month - 1, l.day + 7))
      return localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), spec.timezone)
    }
    case 'monthly': {
      const d = new Date(Date.UTC(l.year, l.month, 1))
      return localMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), spec.timezone)
    }
  }
}

/** Check a numeric enqueue option (a finite number ≥ `min`), or a coded error naming the option. */
import { E } from '../errors.js'

/** A job's priority: a whole number the stores' INTEGER column holds (32-bit on PostgreSQL). */
export const PRIORITY_MIN = -2147483648
export const PRIORITY_MAX = 2147483647

export function isPriority(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= PRIORITY_MIN && (value as number) <= PRIORITY_MAX
}

export function checkNumber(option: string, value: unknown, min = 0): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    throw E.QUEUE_BAD_OPTION({ option, reason: `expected a number ≥ ${min}, got ${String(value)}` })
  return value
}

/** Check an instant option: a Date, or epoch ms (`relative`: ms from now). */
export function checkInstant(
  now: () => number,
  option: string,
  value: unknown,
  relative: boolean,
): number | undefined {
  if (value === undefined) return undefined
  if (value instanceof Date) {
    const t = value.getTime()
    if (Number.isNaN(t)) throw E.QUEUE_BAD_OPTION({ option, reason: 'the Date is invalid' })
    return t
  }
  const n = checkNumber(option, value, relative ? 0 : Number.NEGATIVE_INFINITY)!
  return relative ? now() + n : n
}

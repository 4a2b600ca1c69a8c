/** `30m`, `12h`, `7d`, `2w` → milliseconds. */
const UNIT: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

export function parseDuration(text: string): number {
  const m = /^(\d+)([mhdw])$/.exec(text)
  if (!m) throw new Error(`not a duration: ${text}`)
  return Number(m[1]) * UNIT[m[2]!]!
}

export const HOUR = UNIT.h!
export const DAY = UNIT.d!

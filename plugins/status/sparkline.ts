/** A sparkline of block characters (▁…█), scaled to the series' own maximum; all zeros → `▁`s. */
const BARS = '▁▂▃▄▅▆▇█'

export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values)
  return values.map((v) => (max <= 0 ? BARS[0] : BARS[Math.min(7, Math.round((v / max) * 7))])).join('')
}

/** 1234567 → `1.2M`, 12345 → `12.3k`. */
export function compact(n: number): string {
  const a = Math.abs(n)
  if (a >= 1e9) return `${(n / 1e9).toFixed(1)}G`
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)}k`
  return String(Math.round(n * 100) / 100)
}

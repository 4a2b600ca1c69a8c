/** A non-empty string, else null. */
export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null
}

/** A finite number, else null. */
export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** `anthropic/claude-sonnet-4.6` → `anthropic`. */
export function providerOfModel(model: string | null): string | null {
  if (!model) return null
  const i = model.indexOf('/')
  return i > 0 ? model.slice(0, i) : null
}

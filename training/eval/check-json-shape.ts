/**
 * The `json` scorer: the answer is a JSON object — the whole answer, or the first ```json fenced
 * block — with every `required` key and the given `types` (JSON types; `integer` is a whole number).
 * Returns the reason it fails, or undefined.
 */
export function checkJsonShape(
  answer: string,
  shape: { required: readonly string[]; types: Readonly<Record<string, string>> },
): string | undefined {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/i.exec(answer)
  const text = (fenced ? fenced[1]! : answer).trim()
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'the answer is not JSON'
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'the answer is not a JSON object'
  const obj = value as Record<string, unknown>
  const missing = shape.required.filter((k) => !(k in obj))
  if (missing.length) return `missing keys: ${missing.join(', ')}`
  for (const [k, want] of Object.entries(shape.types)) {
    if (!(k in obj)) continue
    const got = typeOf(obj[k])
    if (got !== want && !(want === 'number' && got === 'integer')) return `"${k}" is ${got}, expected ${want}`
  }
  return undefined
}

function typeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

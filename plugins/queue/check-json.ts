/**
 * Is `value` plain JSON data (what a job may carry across processes and restarts)? Returns the reason
 * it is not, or undefined. Rejects what `JSON.stringify` would silently change or drop: functions,
 * undefined, symbols, bigints, NaN/Infinity, class instances (Date, Map…), cycles — and nesting deeper
 * than `MAX_JSON_DEPTH` (the check, `JSON.stringify` and every reader recurse per level).
 */
export const MAX_JSON_DEPTH = 100

export function jsonProblem(
  value: unknown,
  path = 'args',
  seen: Set<object> = new Set(),
  depth = 0,
): string | undefined {
  if (depth > MAX_JSON_DEPTH) return `${path.split(/[.[]/)[0]} nests deeper than ${MAX_JSON_DEPTH} levels`
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`
    case 'object': {
      if (value === null) return undefined
      if (seen.has(value)) return `${path} refers back to itself (a cycle)`
      const proto = Object.getPrototypeOf(value)
      if (Array.isArray(value)) {
        seen.add(value)
        for (let i = 0; i < value.length; i++) {
          const p = jsonProblem(value[i], `${path}[${i}]`, seen, depth + 1)
          if (p) return p
        }
        seen.delete(value)
        return undefined
      }
      if (proto !== Object.prototype && proto !== null)
        return `${path} is a ${proto?.constructor?.name ?? 'class instance'}, not a plain object`
      seen.add(value)
      for (const key of Object.keys(value)) {
        const p = jsonProblem((value as Record<string, unknown>)[key], `${path}.${key}`, seen, depth + 1)
        if (p) return p
      }
      seen.delete(value)
      return undefined
    }
    default:
      return `${path} is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}`
  }
}

import type { StepResult } from '../../../core/hooks.js'

/** Session ids a step reports: `sessionId`/`session_id`(s) on the result, its output, or its effects. */
export function sessionIdsOf(result: StepResult): string[] {
  const ids = new Set<string>()
  const look = (o: unknown) => {
    if (!o || typeof o !== 'object') return
    const r = o as Record<string, unknown>
    for (const k of ['sessionId', 'session_id']) if (typeof r[k] === 'string' && r[k]) ids.add(r[k] as string)
    for (const k of ['sessionIds', 'session_ids'])
      if (Array.isArray(r[k])) for (const v of r[k] as unknown[]) if (typeof v === 'string' && v) ids.add(v)
  }
  look(result)
  look(result.output)
  look(result.usage)
  for (const e of result.effects ?? []) look(e)
  return [...ids]
}

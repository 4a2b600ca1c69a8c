/**
 * The `with:` values of a playbook that read the event (`event.…`, `item.…`) and would be empty for a
 * given work item: `timmy run-playbook` without `--event` refuses a playbook that needs one.
 */
import type { WorkItem } from '../../core/hooks.js'
import { type Expr, evaluate } from './expression.js'
import type { LoadedPlaybook } from './load-playbook.js'
import type { Template } from './template.js'

/** Each `event.…`/`item.…` path of a `with:` template that is missing from `item`, as written (`event.issue.title`). */
export function findMissingEventReads(pb: LoadedPlaybook, item: WorkItem): string[] {
  const scope = { event: item.payload, item }
  const missing = new Set<string>()
  for (const step of pb.steps)
    for (const e of templateExprs(step.with))
      for (const p of eventPaths(e)) if (evaluate(p, scope) === undefined) missing.add(pathText(p))
  return [...missing]
}

function templateExprs(t: Template): Expr[] {
  if (t.t === 'expr') return [t.e]
  if (t.t === 'text') return t.parts.filter((p): p is Expr => typeof p !== 'string')
  if (t.t === 'list') return t.items.flatMap(templateExprs)
  if (t.t === 'map') return t.entries.flatMap(([, v]) => templateExprs(v))
  return []
}

type PathExpr = Extract<Expr, { t: 'path' }>

function eventPaths(e: Expr): PathExpr[] {
  if (e.t === 'path') return e.root === 'event' || e.root === 'item' ? [e] : []
  if (e.t === 'not') return eventPaths(e.e)
  // `event.x || 'default'`: the author gave a value for an absent event
  if (e.t === 'bin') return e.op === '||' ? [] : [...eventPaths(e.l), ...eventPaths(e.r)]
  return []
}

function pathText(p: PathExpr): string {
  return p.keys.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : `${acc}.${k}`), p.root)
}

/**
 * The steps' references to each other (`steps.<id>` in `if:` and `with:`) must name a known step
 * that runs earlier. A cycle is reported as such (with its path); a lone forward reference as one.
 */
import { didYouMean } from '../../core/did-you-mean.js'
import type { SourceLoc } from '../../core/errors.js'
import { E } from './errors.js'

export interface StepRefs {
  id: string
  refs: { id: string; loc: SourceLoc }[]
}

export function checkRefs(steps: readonly StepRefs[]): void {
  const index = new Map(steps.map((s, i) => [s.id, i]))
  const known = steps.map((s) => s.id)
  for (const s of steps) {
    for (const r of s.refs) {
      if (!index.has(r.id))
        throw E.PLAYBOOK_UNKNOWN_REF(
          { ref: r.id, known: known.join(', '), suggestion: didYouMean(r.id, known) },
          { loc: r.loc },
        )
    }
  }
  const cycle = findCycle(steps)
  if (cycle) {
    const first = steps.find((s) => s.id === cycle[0])!
    const ref = first.refs.find((r) => r.id === cycle[1])!
    throw E.PLAYBOOK_IF_CYCLE({ cycle: cycle.join(' → ') }, { loc: ref.loc })
  }
  for (const [i, s] of steps.entries()) {
    for (const r of s.refs) {
      if (index.get(r.id)! >= i) throw E.PLAYBOOK_FORWARD_REF({ step: s.id, ref: r.id }, { loc: r.loc })
    }
  }
}

/** The first cycle in the reference graph, as a path that ends where it starts. */
function findCycle(steps: readonly StepRefs[]): string[] | undefined {
  const edges = new Map(steps.map((s) => [s.id, [...new Set(s.refs.map((r) => r.id))]]))
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id]
    state.set(id, 'open')
    path.push(id)
    for (const next of edges.get(id) ?? []) {
      const found = visit(next)
      if (found) return found
    }
    path.pop()
    state.set(id, 'done')
    return undefined
  }
  for (const s of steps) {
    const found = visit(s.id)
    if (found) return found
  }
  return undefined
}

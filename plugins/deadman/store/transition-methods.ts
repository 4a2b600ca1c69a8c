import type { TransitionEvent } from '../types.js'
import type { DeadmanStoreState } from './store-state.js'
import type { Row } from './to-record.js'

/** State transitions: record one, read a wizard's newest. */
export function transitionMethods({ q }: DeadmanStoreState) {
  return {
    transition(e: TransitionEvent) {
      q.transition.run(e.wizard, e.at, e.from, e.to, e.reason)
    },
    transitions(wizard: string, limit: number): TransitionEvent[] {
      return (q.transitions.all(wizard, limit) as Row[]).map((r) => ({
        wizard: r.wizard as string,
        at: r.at as number,
        from: r.from_state as string,
        to: r.to_state as string,
        reason: r.reason as string,
      }))
    },
  }
}

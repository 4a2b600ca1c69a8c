/** Pause or resume a wizard (an operator's word): its state, the transition row and the hook event. */
import type { WizardStateEvent } from '../../core/hooks.js'
import type { DeadmanScope } from './deadman-scope.js'
import { evaluateState } from './evaluate-state.js'
import { fireHeartbeats } from './fire-heartbeats.js'
import type { WizardStatus } from './types.js'
import { statusOne } from './wizard-status.js'

/** The store must be ready. */
export async function setPaused(
  scope: DeadmanScope,
  wizard: string,
  paused: boolean,
  now: number,
): Promise<WizardStatus> {
  const ds = scope.ds!
  const events: WizardStateEvent[] = []
  await ds.transaction(async (tx) => {
    const r = (await tx.get(wizard))!
    if (r.paused === paused) return
    r.paused = paused
    // Resuming starts a new watch: the start grace applies until the next beat.
    if (!paused) r.watchSince = now
    const to = evaluateState(r, scope.tuning.wizards.get(wizard)!, now)
    const reason = paused ? 'paused by an operator' : 'resumed by an operator'
    await tx.transition({ wizard, at: now, from: r.state, to, reason })
    events.push({
      wizard,
      source: 'deadman',
      at: new Date(now).toISOString(),
      state: to,
      previous: r.state,
      reason,
    })
    Object.assign(r, { state: to, stateSince: now, upSince: to === 'up' ? now : null })
    await tx.save(r)
  })
  await fireHeartbeats(scope, events)
  return statusOne(scope, wizard, now)
}

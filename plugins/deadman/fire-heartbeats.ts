/** Fire the `wizardState` hook once per state change, in order. */
import type { WizardStateEvent } from '../../core/hooks.js'
import type { DeadmanScope } from './deadman-scope.js'

export async function fireHeartbeats(scope: DeadmanScope, events: WizardStateEvent[]): Promise<void> {
  for (const e of events) await scope.deps.hooks.wizardState.promise(e)
}

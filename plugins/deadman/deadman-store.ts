/**
 * Deadman's tables in the timmy store (all times are epoch ms). The store is the source of truth, so
 * `timmy deadman beat|pause|resume|reset` in another process is seen by the next tick of `timmy serve`.
 * Statements, row mapping and each group of methods live in `store/`.
 */
import type { Store } from '../../core/store/store.js'
import { actionMethods } from './store/action-methods.js'
import { beatMethods } from './store/beat-methods.js'
import { incidentMethods } from './store/incident-methods.js'
import { MIGRATIONS } from './store/migrations.js'
import { runMethods } from './store/run-methods.js'
import { createStoreState } from './store/store-state.js'
import { transitionMethods } from './store/transition-methods.js'
import { wizardRowMethods } from './store/wizard-row-methods.js'

export { MIGRATIONS } from './store/migrations.js'

export type DeadmanStore = ReturnType<typeof openDeadmanStore>

/** Migrate deadman's tables, prepare its statements and return its methods over them. */
export function openDeadmanStore(store: Store) {
  store.migrate('deadman', MIGRATIONS)
  const state = createStoreState(store)
  return {
    immediate: store.immediate,
    ...wizardRowMethods(state),
    ...beatMethods(state),
    ...runMethods(state),
    ...transitionMethods(state),
    ...actionMethods(state),
    ...incidentMethods(state),
  }
}

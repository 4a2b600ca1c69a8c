import type { Store } from '../../../core/store/store.js'
import { prepareActionQueries } from './prepare-action-queries.js'
import { prepareRunQueries } from './prepare-run-queries.js'
import { prepareWizardQueries } from './prepare-wizard-queries.js'

/** The deadman store's state: the timmy store and every prepared statement. */
export interface DeadmanStoreState {
  store: Store
  q: ReturnType<typeof prepareWizardQueries> &
    ReturnType<typeof prepareRunQueries> &
    ReturnType<typeof prepareActionQueries>
}

/** Prepare every statement, in the original order (wizards and beats, runs and transitions, actions and incidents). */
export function createStoreState(store: Store): DeadmanStoreState {
  const db = store.db
  return { store, q: { ...prepareWizardQueries(db), ...prepareRunQueries(db), ...prepareActionQueries(db) } }
}

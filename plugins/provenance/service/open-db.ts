import type { Database } from '../../../core/store/store.js'
import { MIGRATIONS } from './migrations.js'
import type { ProvenanceState } from './provenance-state.js'

/** The store's database, opened and migrated on first use. */
export async function openDb(state: ProvenanceState): Promise<Database> {
  if (!state.store) {
    const s = await state.openStore()
    s.migrate('provenance', MIGRATIONS)
    state.store = s
  }
  return state.store.db
}

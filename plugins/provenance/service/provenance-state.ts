import type { Store } from '../../../core/store/store.js'

/** The provenance service's state: how to open the store, the clock, and the store once opened. */
export interface ProvenanceState {
  openStore: () => Promise<Store>
  now: () => number
  store?: Store | undefined
}

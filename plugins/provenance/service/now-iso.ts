import type { ProvenanceState } from './provenance-state.js'

/** The state's clock as an ISO timestamp. */
export const nowIso = (state: ProvenanceState): string => new Date(state.now()).toISOString()

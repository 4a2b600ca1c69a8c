import type { StepCatalog } from '../step-catalog.js'
import { buildStepCatalog } from '../step-catalog.js'
import type { PlaybooksState } from './service-state.js'

/** The step catalog of the loaded plugins, built once per service. */
export function getCatalog(state: PlaybooksState): Promise<StepCatalog> {
  state.catalogPromise ??= buildStepCatalog(state.host.plugins())
  return state.catalogPromise
}

/**
 * Provenance: records every playbook run and step into `provenance_*` tables and links the Hermes
 * sessions they produced, so `timmy train` can trace each training pair back to its run and step.
 * Observes only: an interceptor on `beforeRun` (sees every run start, whatever the taps decide), and
 * taps on `afterStep`, `afterRun` and `usage` at the `observe` stage. Provides the `provenance` service.
 * Its options configure the training pipeline (`pluginOptions.provenance`).
 */
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { ProvenanceOptions, type ProvenanceSettings } from './options.js'
import type { ProvenanceService } from './service.js'

export { defaultSettings, ProvenanceOptions, type ProvenanceSettings } from './options.js'
export type { ProvenanceService, RunRecord, StepRecord } from './service.js'

/** What `host.maybeUse('provenance')` returns: the service plus the pipeline's settings. */
export interface Provenance extends ProvenanceService {
  settings: ProvenanceSettings
}

export default definePlugin({
  name: 'provenance',
  version: '0.1.0',
  commands,
  provides: ['provenance'],
  optionalNeeds: ['hermes'],
  description: 'Records runs and steps; traces training pairs to them; configures `timmy train`.',
  options: ProvenanceOptions,
  steps: new URL('./steps.js', import.meta.url),
  async setup(host, options) {
    const { setupProvenance } = await import('./setup.js')
    return setupProvenance(host, options)
  },
})

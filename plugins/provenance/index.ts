/**
 * Provenance: records every playbook run and step into `provenance_*` tables and links the Hermes
 * sessions they produced, so `timmy train` can trace each training pair back to its run and step.
 * Observes only: an interceptor on `beforeRun` (sees every run start, whatever the taps decide), and
 * taps on `afterStep`, `afterRun` and `usage` at the `observe` stage. Provides the `provenance` service.
 * Its options configure the training pipeline (`pluginOptions.provenance`).
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { STAGE } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { createProvenanceService, type ProvenanceService } from './service.js'

export type { ProvenanceService, RunRecord, StepRecord } from './service.js'

/** What `host.maybeUse('provenance')` returns: the service plus the pipeline's settings. */
export interface Provenance extends ProvenanceService {
  settings: ProvenanceSettings
}

export const ProvenanceOptions = T.Object(
  {
    consentFile: T.Optional(
      T.String({ description: 'Consent registry YAML; default $TIMMY_HOME/consent.yaml.' }),
    ),
    outDir: T.Optional(
      T.String({ description: 'Where train writes its files; default $TIMMY_HOME/training.' }),
    ),
    defaultLicense: T.String({
      default: 'CC-BY-SA-4.0',
      description: 'Licence of a pair whose source states none.',
    }),
    allowLicenses: T.Array(T.String(), {
      default: ['CC-BY-SA-4.0', 'CC-BY-4.0', 'CC0-1.0', 'MIT', 'Apache-2.0'],
      description: 'Licences a curated pair may have.',
    }),
    trainLevels: T.Array(T.String(), {
      default: ['train'],
      description: 'Consent levels that allow training.',
    }),
    redactPii: T.Optional(
      T.Boolean({ description: "Redact emails and phone numbers; default: Hermes' privacy.redact_pii." }),
    ),
    languages: T.Array(T.String(), {
      default: ['en'],
      description: 'Languages declared in the dataset card.',
    }),
    dedup: T.Object(
      {
        threshold: T.Number({ minimum: 0.1, maximum: 1, default: 0.8 }),
        numPerm: T.Integer({ minimum: 8, maximum: 512, default: 64 }),
        bands: T.Integer({ minimum: 1, default: 10 }),
        rows: T.Integer({ minimum: 1, default: 6 }),
        ngram: T.Integer({ minimum: 1, maximum: 16, default: 5 }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, default: {} },
)

export type ProvenanceSettings = Static<typeof ProvenanceOptions>

/** The settings `timmy train` uses when the plugin is not loaded: the options' defaults. */
export function defaultSettings(): ProvenanceSettings {
  return Value.Default(ProvenanceOptions, {}) as ProvenanceSettings
}

export default definePlugin({
  name: 'provenance',
  version: '0.1.0',
  commands,
  provides: ['provenance'],
  description: 'Records runs and steps; traces training pairs to them; configures `timmy train`.',
  options: ProvenanceOptions,
  steps: new URL('./steps.js', import.meta.url),
  setup(host, options) {
    const service = createProvenanceService(host.store)
    const provided: Provenance = Object.assign(service, { settings: options })
    host.provide('provenance', provided)
    const tap = { name: 'provenance', stage: STAGE.observe }
    host.hooks.beforeRun.intercept({
      call: (run) => {
        service
          .recordRunStart(run)
          .catch((err) => host.log.error({ err: String(err) }, 'provenance: run start not recorded'))
      },
    })
    host.hooks.afterStep.tapPromise(tap, (result) => service.recordStep(result))
    host.hooks.afterRun.tapPromise(tap, (report) => service.recordRun(report))
    host.hooks.usage.tapPromise(tap, (event) => service.onUsage(event))
  },
})

/** The provenance plugin's options (`pluginOptions.provenance`): the training pipeline's settings. */
import { type Static, Type as T } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

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

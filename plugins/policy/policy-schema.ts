/** `config/policy.yaml`: banned providers, allowed remote base URLs, required settings. */
import { type Static, Type as T } from '@sinclair/typebox'

export const PolicySchema = T.Object(
  {
    banned_providers: T.Optional(
      T.Array(T.String({ minLength: 2 }), {
        description: 'Provider/model name fragments that are refused (case-insensitive).',
      }),
    ),
    allowed_base_urls: T.Optional(
      T.Array(T.String({ minLength: 1 }), {
        description: 'Remote base_url prefixes (or host names) that are allowed; loopback always is.',
      }),
    ),
    required: T.Optional(
      T.Record(T.String(), T.Unknown(), {
        description: 'Dotted config.yaml paths and the value each must have.',
      }),
    ),
  },
  { additionalProperties: false },
)

export type PolicyFile = Static<typeof PolicySchema>

export interface Policy {
  bannedProviders: string[]
  allowedBaseUrls: string[]
  required: Record<string, unknown>
}

export const DEFAULT_BANNED = ['anthropic', 'claude']

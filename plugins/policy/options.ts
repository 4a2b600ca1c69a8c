/** The policy plugin's options (`pluginOptions.policy`). */
import { type Static, Type as T } from '@sinclair/typebox'
import { DEFAULT_BANNED } from './policy-schema.js'

export const PolicyOptionsSchema = T.Object(
  {
    bannedProviders: T.Array(T.String(), { default: DEFAULT_BANNED }),
    allowedBaseUrls: T.Array(T.String(), { default: [] }),
  },
  { additionalProperties: false, default: {} },
)

/** The plugin's options (`pluginOptions.policy`): the base of the policy in force. */
export type PolicyOptions = Static<typeof PolicyOptionsSchema>

/** Config section `gitea`: the Gitea client and webhook receiver (core/gitea). Defaults live in the schema. */
import { Type as T } from '@sinclair/typebox'

export const GiteaConfigSchema = T.Object({}, { additionalProperties: false, default: {} })

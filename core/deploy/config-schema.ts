/** Config section `deploy`: deploy of the Hermes overlay (core/deploy). Defaults live in the schema. */
import { Type as T } from '@sinclair/typebox'

export const DeployConfigSchema = T.Object({}, { additionalProperties: false, default: {} })

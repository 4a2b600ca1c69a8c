/** Config section `hermes`: Hermes adapters and bridge (core/hermes). Defaults live in the schema. */
import { Type as T } from '@sinclair/typebox'

export const HermesConfigSchema = T.Object({}, { additionalProperties: false, default: {} })

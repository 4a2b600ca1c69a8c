/** Config section `pool`: the worker pool (core/pool). Defaults live in the schema. */
import { Type as T } from '@sinclair/typebox'

export const PoolConfigSchema = T.Object({}, { additionalProperties: false, default: {} })

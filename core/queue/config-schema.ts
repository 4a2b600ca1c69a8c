/** Config section `queue`: the durable queue and scheduler (core/queue). Defaults live in the schema. */
import { Type as T } from '@sinclair/typebox'

export const QueueConfigSchema = T.Object({}, { additionalProperties: false, default: {} })

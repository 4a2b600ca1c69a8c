/** The pool plugin's options (`pluginOptions.pool` in the config): the worker pool. Defaults live in the schema. */
import { type Static, Type as T } from '@sinclair/typebox'

export const PoolOptionsSchema = T.Object(
  {
    size: T.Optional(
      T.Integer({ minimum: 1, maximum: 256, description: 'Worker threads (default: the number of cores).' }),
    ),
    maxMemoryMb: T.Integer({
      minimum: 16,
      default: 256,
      description: 'Old-generation heap limit of each worker; a step that exceeds it fails alone.',
    }),
    stepTimeoutMs: T.Integer({
      minimum: 1,
      default: 180_000,
      description: 'Timeout of a step that declares none.',
    }),
    idleTimeoutMs: T.Integer({ minimum: 0, default: 30_000, description: 'Idle workers exit after this.' }),
  },
  { additionalProperties: false, default: {} },
)

export type PoolOptions = Static<typeof PoolOptionsSchema>

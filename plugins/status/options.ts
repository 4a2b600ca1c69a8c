/** The status plugin's options (`pluginOptions.status`). */
import { Type as T } from '@sinclair/typebox'

export const StatusOptions = T.Object(
  {
    giteaTtlMs: T.Integer({
      minimum: 0,
      default: 60_000,
      description: 'How long the Gitea section of the status page and `timmy status` is reused (ms).',
    }),
    snapshotTtlMs: T.Integer({
      minimum: 0,
      default: 1000,
      description: 'How long `timmy serve` reuses the snapshot of the status page and /status.json (ms).',
    }),
  },
  { additionalProperties: false, default: {} },
)

/** The hosts plugin's options (`pluginOptions.hosts`). */
import { type Static, Type as T } from '@sinclair/typebox'

export const HostsOptionsSchema = T.Object(
  {
    id: T.Optional(
      T.String({
        minLength: 1,
        maxLength: 200,
        description: "This host's id in the fleet; default the machine's hostname and a hash of TIMMY_HOME.",
      }),
    ),
    beatSeconds: T.Integer({
      minimum: 1,
      maximum: 3600,
      default: 30,
      description: '`timmy serve` beats (writes its row) this often.',
    }),
    silentAfterSeconds: T.Optional(
      T.Integer({
        minimum: 1,
        description: 'A host with no beat for this long is silent and alerted on; default 3 × beatSeconds.',
      }),
    ),
    alert: T.Optional(
      T.Object(
        {
          repo: T.Optional(
            T.String({
              pattern: '^[^/\\s]+/[^/\\s]+$',
              description: 'owner/name of the Gitea repo to alert in.',
            }),
          ),
          issue: T.Optional(
            T.Integer({ minimum: 1, description: 'Comment on this issue instead of opening one.' }),
          ),
        },
        {
          additionalProperties: false,
          description: "Where a silent host is alerted; default deadman's `alert` (always logged).",
        },
      ),
    ),
  },
  { additionalProperties: false },
)

export type HostsOptions = Static<typeof HostsOptionsSchema>

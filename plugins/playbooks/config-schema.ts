/** Config section `playbook`: playbooks and lanes (core/playbook). Defaults live in the schema. */
import { Type as T } from '@sinclair/typebox'

export const PlaybookConfigSchema = T.Object(
  {
    dir: T.String({
      default: 'playbooks',
      description: 'Folder of playbooks and lanes.yaml, relative to the current folder.',
    }),
    builtin: T.Boolean({
      default: true,
      description: "Also find playbooks by name in timmy's shipped playbooks/ folder.",
    }),
    keepRuns: T.Integer({ minimum: 1, default: 1000, description: 'Run reports kept in the store.' }),
  },
  { additionalProperties: false, default: {} },
)

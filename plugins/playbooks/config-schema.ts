/** The playbooks plugin's options (`pluginOptions.playbooks` in the config): playbooks and lanes. Defaults live in the schema. */
import { Type as T } from '@sinclair/typebox'

export const PlaybooksOptionsSchema = T.Object(
  {
    dir: T.String({
      default: 'playbooks',
      description: "Folder of playbooks and lanes.yaml, relative to the project (the config file's folder).",
    }),
    builtin: T.Boolean({
      default: true,
      description: "Also find playbooks by name in timmy's shipped playbooks/ folder.",
    }),
    keepRuns: T.Integer({ minimum: 1, default: 1000, description: 'Run reports kept in the store.' }),
  },
  { additionalProperties: false, default: {} },
)

/** The state-log plugin's options (`pluginOptions.state-log`). */
import { Type as T } from '@sinclair/typebox'

export const StateLogOptionsSchema = T.Object({
  driftCheckSeconds: T.Integer({
    minimum: 0,
    default: 60,
    description: 'How often serve checks for drift (0: never).',
  }),
})

/** Config section `playbook`: playbooks and lanes (core/playbook). Defaults live in the schema. */
import { Type as T } from '@sinclair/typebox'

export const PlaybookConfigSchema = T.Object({}, { additionalProperties: false, default: {} })

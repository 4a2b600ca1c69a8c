/**
 * Steps of the provenance plugin (run in worker threads; plain data in, plain data out).
 *
 * `provenance/record`: pass on what a playbook wants on record, e.g. the Hermes session a dispatch
 * step started: `with: { session_id: … }`. The step's output carries it, and the plugin's `afterStep`
 * tap (on the main thread) links the session to this run, so its training pairs trace back here.
 */
import { Type as T } from '@sinclair/typebox'

export interface RecordInput {
  session_id?: string
  session_ids?: string[]
  note?: string
  [extra: string]: unknown
}

export async function record(input: RecordInput = {}): Promise<{ output: RecordInput }> {
  const output: RecordInput = {}
  if (typeof input.session_id === 'string' && input.session_id) output.session_id = input.session_id
  if (Array.isArray(input.session_ids))
    output.session_ids = input.session_ids.filter((s): s is string => typeof s === 'string' && s !== '')
  if (typeof input.note === 'string') output.note = input.note
  return { output }
}
record.inputs = T.Object(
  {
    session_id: T.Optional(T.String()),
    session_ids: T.Optional(T.Array(T.String())),
    note: T.Optional(T.String()),
  },
  { additionalProperties: true, description: 'other keys are kept on record as given' },
)
record.outputs = T.Object({
  session_id: T.Optional(T.String()),
  session_ids: T.Optional(T.Array(T.String())),
  note: T.Optional(T.String()),
})

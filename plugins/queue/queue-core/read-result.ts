/** A job's state with its parsed result or error, or undefined when there is no such job. */
import type { QueueBackend } from '../backend.js'
import type { JobId, JobResult } from '../queue-types.js'

export async function readResult(backend: QueueBackend, id: JobId): Promise<JobResult | undefined> {
  const row = await backend.get(id)
  if (!row) return undefined
  const out: JobResult = { state: row.state }
  if (row.result !== null) out.result = JSON.parse(row.result)
  if (row.error !== null) out.error = JSON.parse(row.error)
  return out
}

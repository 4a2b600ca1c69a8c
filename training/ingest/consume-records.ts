import type { Progress } from '../progress.js'
import { isProblem, type SourceProblem } from '../sources/problem.js'
import type { SessionRecord } from '../types.js'
import { flushBatch } from './flush-batch.js'
import type { IngestState } from './ingest-state.js'

/** Count one source's records, skip problems and (when `remember`) sessions already read, batch the rest. */
export function consumeRecords(
  state: IngestState,
  progress: Progress,
  items: Iterable<SessionRecord | SourceProblem>,
  remember = true,
): void {
  const { stats, seen, batch, options } = state
  const skip = (reason: string) => {
    stats.skipped[reason] = (stats.skipped[reason] ?? 0) + 1
  }
  for (const item of items) {
    stats.read[item.source.kind]++
    progress.tick()
    if (isProblem(item)) {
      skip(item.problem)
      continue
    }
    if (item.session_id && remember) {
      if (seen.has(item.session_id)) {
        skip('session_already_read')
        continue
      }
      seen.add(item.session_id)
    }
    batch.push(item)
    if (batch.length >= (options.batchSize ?? 500)) flushBatch(state)
  }
  flushBatch(state)
}

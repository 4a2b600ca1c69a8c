import { buildPair } from '../build-pair.js'
import type { IngestState } from './ingest-state.js'

/** Link the batch's sessions to their runs in one look-up, write each as a pair, and empty the batch. */
export function flushBatch(state: IngestState): void {
  const { batch, options, stats, writer } = state
  if (!batch.length) return
  const ids = batch.flatMap((s) => (s.session_id ? [s.session_id] : []))
  const links = options.runLinks && ids.length ? options.runLinks(ids) : undefined
  for (const s of batch) {
    const link = s.session_id ? links?.get(s.session_id) : undefined
    const { pair, line } = buildPair(s, options.consent, state.license, link)
    if (link) stats.linked++
    writer.writeLine(line)
    stats.pairs++
    options.onPair?.(pair, line)
  }
  batch.length = 0
}

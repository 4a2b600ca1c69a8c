import { DEFAULT_LICENSE } from '../build-pair.js'
import type { IngestOptions, IngestStats } from '../ingest.js'
import { JsonlWriter } from '../jsonl.js'
import type { SessionRecord } from '../types.js'

/** One ingest's state: its options, licence, counts, the session ids seen, the writer and the current batch. */
export interface IngestState {
  options: IngestOptions
  license: string
  stats: IngestStats
  seen: Set<string>
  writer: JsonlWriter
  batch: SessionRecord[]
}

/** Fresh counts and an open writer on `options.out`. */
export function createIngestState(options: IngestOptions, stats: IngestStats): IngestState {
  return {
    options,
    license: options.defaultLicense ?? DEFAULT_LICENSE,
    stats,
    seen: new Set<string>(),
    writer: new JsonlWriter(options.out),
    batch: [],
  }
}

/**
 * `timmy train ingest`: stream Hermes sessions from every source into `raw.jsonl`, one pair per
 * session with its provenance. Sources are read in order of authority — state.db, export JSONL,
 * snapshots, trajectories — and a session already read from an earlier source is skipped
 * (`session_already_read`). Memory: one batch of sessions plus the set of session ids seen.
 */
import { existsSync } from 'node:fs'
import type { ConsentRegistry } from './consent.js'
import { E } from './errors.js'
import { createIngestState } from './ingest/ingest-state.js'
import { readSources } from './ingest/read-sources.js'
import { type Progress, quietProgress } from './progress.js'
import type { RawPair, RunLink, SourceRef, StateDbReader } from './types.js'

export interface IngestOptions {
  stateDb?: string
  /** Reads `stateDb` (plugins/provenance passes the `hermes` service's state.db reader). */
  stateDbReader?: StateDbReader
  snapshotsDir?: string
  exports?: string[]
  trajectories?: string[]
  consent: ConsentRegistry
  defaultLicense?: string
  /** Output file (raw.jsonl). */
  out: string
  /** Look up timmy runs for a batch of session ids (the provenance service). */
  runLinks?: (sessionIds: string[]) => Map<string, RunLink>
  progress?: Progress
  /** Largest JSON line or snapshot file read, in bytes. */
  maxRecordBytes?: number
  batchSize?: number
  /** Called with each pair after it is written (`timmy train all` curates in the same pass). */
  onPair?: (pair: RawPair, line: string) => void
  /** SQLite busy timeout of the state.db connection (retries with backoff follow it). */
  busyTimeoutMs?: number
}

export interface IngestStats {
  /** Records read per source kind (sessions, lines, files). */
  read: Record<SourceRef['kind'], number>
  /** Records not turned into pairs, by reason. */
  skipped: Record<string, number>
  pairs: number
  /** Pairs linked to a timmy run. */
  linked: number
  busyRetries: number
  out: string
}

/** Check the named files exist, then stream every source into `options.out` (not published on failure). */
export function ingest(options: IngestOptions): IngestStats {
  const progress = options.progress ?? quietProgress
  const maxBytes = options.maxRecordBytes ?? 32 * 1024 * 1024
  const stats: IngestStats = {
    read: { 'state.db': 0, export: 0, snapshot: 0, trajectory: 0 },
    skipped: {},
    pairs: 0,
    linked: 0,
    busyRetries: 0,
    out: options.out,
  }
  for (const f of [...(options.exports ?? []), ...(options.trajectories ?? [])])
    if (!existsSync(f)) throw E.TRAIN_SOURCE_UNREADABLE({ file: f, reason: 'no such file' }, { exitCode: 2 })
  const state = createIngestState(options, stats)
  try {
    readSources(state, progress, maxBytes)
    state.writer.close()
  } catch (err) {
    state.writer.abort()
    throw err
  } finally {
    progress.done()
  }
  return stats
}

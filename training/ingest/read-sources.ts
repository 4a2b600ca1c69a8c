import { existsSync } from 'node:fs'
import type { Progress } from '../progress.js'
import { readExportJsonl } from '../sources/export-jsonl.js'
import { readSnapshots } from '../sources/snapshots.js'
import { countStateDbSessions, readStateDb } from '../sources/state-db.js'
import { readTrajectories } from '../sources/trajectories.js'
import { consumeRecords } from './consume-records.js'
import type { IngestState } from './ingest-state.js'

/** Read every source in order of authority: state.db, export JSONL, snapshots, trajectories. */
export function readSources(state: IngestState, progress: Progress, maxBytes: number): void {
  const { options, stats } = state
  const reader = () => {
    if (!options.stateDbReader)
      throw new Error('ingest: a stateDb needs the stateDbReader (the hermes service)')
    return options.stateDbReader
  }
  // state.db ids are unique (primary key): remember them only when later sources could repeat them.
  const later = Boolean(options.exports?.length || options.trajectories?.length || options.snapshotsDir)
  const total =
    options.stateDb && existsSync(options.stateDb)
      ? countStateDbSessions(reader(), options.stateDb, options.busyTimeoutMs)
      : undefined
  progress.start('ingest', total)
  if (options.stateDb) {
    consumeRecords(
      state,
      progress,
      readStateDb(reader(), options.stateDb, {
        batchSize: options.batchSize ?? 500,
        ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
        onBusy: () => {
          stats.busyRetries++
        },
      }),
      later,
    )
  }
  for (const f of options.exports ?? []) consumeRecords(state, progress, readExportJsonl(f, maxBytes))
  if (options.snapshotsDir) consumeRecords(state, progress, readSnapshots(options.snapshotsDir, maxBytes))
  for (const f of options.trajectories ?? []) consumeRecords(state, progress, readTrajectories(f, maxBytes))
}

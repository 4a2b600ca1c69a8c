/**
 * `timmy train ingest`: stream Hermes sessions from every source into `raw.jsonl`, one pair per
 * session with its provenance. Sources are read in order of authority — state.db, export JSONL,
 * snapshots, trajectories — and a session already read from an earlier source is skipped
 * (`session_already_read`). Memory: one batch of sessions plus the set of session ids seen.
 */
import { existsSync } from 'node:fs'
import { buildPair, DEFAULT_LICENSE } from './build-pair.js'
import type { ConsentRegistry } from './consent.js'
import { E } from './errors.js'
import { JsonlWriter } from './jsonl.js'
import { type Progress, quietProgress } from './progress.js'
import { readExportJsonl } from './sources/export-jsonl.js'
import { isProblem, type SourceProblem } from './sources/problem.js'
import { readSnapshots } from './sources/snapshots.js'
import { countStateDbSessions, readStateDb } from './sources/state-db.js'
import { readTrajectories } from './sources/trajectories.js'
import type { RawPair, RunLink, SessionRecord, SourceRef } from './types.js'

export interface IngestOptions {
  stateDb?: string
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

export function ingest(options: IngestOptions): IngestStats {
  const progress = options.progress ?? quietProgress
  const maxBytes = options.maxRecordBytes ?? 32 * 1024 * 1024
  const license = options.defaultLicense ?? DEFAULT_LICENSE
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
  const seen = new Set<string>()
  const writer = new JsonlWriter(options.out)
  const batch: SessionRecord[] = []
  const skip = (reason: string) => {
    stats.skipped[reason] = (stats.skipped[reason] ?? 0) + 1
  }
  const flush = () => {
    if (!batch.length) return
    const ids = batch.flatMap((s) => (s.session_id ? [s.session_id] : []))
    const links = options.runLinks && ids.length ? options.runLinks(ids) : undefined
    for (const s of batch) {
      const link = s.session_id ? links?.get(s.session_id) : undefined
      const { pair, line } = buildPair(s, options.consent, license, link)
      if (link) stats.linked++
      writer.writeLine(line)
      stats.pairs++
      options.onPair?.(pair, line)
    }
    batch.length = 0
  }
  // state.db ids are unique (primary key): remember them only when later sources could repeat them.
  const later = Boolean(options.exports?.length || options.trajectories?.length || options.snapshotsDir)
  const consume = (items: Iterable<SessionRecord | SourceProblem>, remember = true) => {
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
      if (batch.length >= (options.batchSize ?? 500)) flush()
    }
    flush()
  }
  try {
    const total =
      options.stateDb && existsSync(options.stateDb)
        ? countStateDbSessions(options.stateDb, options.busyTimeoutMs)
        : undefined
    progress.start('ingest', total)
    if (options.stateDb) {
      consume(
        readStateDb(options.stateDb, {
          batchSize: options.batchSize ?? 500,
          ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
          onBusy: () => {
            stats.busyRetries++
          },
        }),
        later,
      )
    }
    for (const f of options.exports ?? []) consume(readExportJsonl(f, maxBytes))
    if (options.snapshotsDir) consume(readSnapshots(options.snapshotsDir, maxBytes))
    for (const f of options.trajectories ?? []) consume(readTrajectories(f, maxBytes))
    writer.close()
  } catch (err) {
    writer.abort()
    throw err
  } finally {
    progress.done()
  }
  return stats
}
